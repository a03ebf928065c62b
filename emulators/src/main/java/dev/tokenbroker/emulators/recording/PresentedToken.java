package dev.tokenbroker.emulators.recording;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import java.text.ParseException;
import java.util.Optional;

/**
 * The decoded, <em>unverified</em> header and claims of a token a client presented, kept for test
 * assertions ("what did Keycloak send?"). The serialized token itself is never kept, so a recording
 * can be printed or logged without leaking a credential.
 *
 * @param algorithm the {@code alg} header ("none" for unsecured JWTs)
 * @param keyId     the {@code kid} header, or null
 * @param type      the {@code typ} header, or null
 * @param claims    the payload as Nimbus' immutable, typed claims set
 */
public record PresentedToken(String algorithm, String keyId, String type, JWTClaimsSet claims) {

    /** Decodes without verifying; empty when the string is not a JWT at all. */
    public static Optional<PresentedToken> decode(String serialized) {
        if (serialized == null || serialized.isBlank()) {
            return Optional.empty();
        }
        try {
            JWT jwt = JWTParser.parse(serialized);
            Header header = jwt.getHeader();
            String kid = header instanceof JWSHeader jws ? jws.getKeyID() : null;
            String type = header.getType() == null ? null : header.getType().getType();
            return Optional.of(new PresentedToken(header.getAlgorithm().getName(), kid, type, jwt.getJWTClaimsSet()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String subject() {
        return claims.getSubject();
    }

    public String issuer() {
        return claims.getIssuer();
    }
}
