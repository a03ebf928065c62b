package dev.tokenbroker.emulators.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints good and deliberately bad JWTs for the tests. Mutable; one builder per token.
 *
 * <p>The default {@code sub} is a random UUID that names no user on any platform. Tokens for the demo
 * configuration set {@code subject(address)}, as the Keycloak extension does: it maps the user to the name
 * the platform knows her by (her e-mail address) and puts that in {@code sub}; it mints no {@code email}
 * claim. {@code subject(null)} leaves {@code sub} out.
 */
public final class TokenBuilder {

    private final TestIssuer issuer;
    private final JWTClaimsSet.Builder claims;
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private String kid = TestIssuer.RSA_KID;
    private URI jku;

    TokenBuilder(TestIssuer issuer) {
        this.issuer = issuer;
        Instant now = Instant.now();
        this.claims = new JWTClaimsSet.Builder()
                .issuer(issuer.issuer())
                .subject(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString());
    }

    public TokenBuilder issuer(String iss) {
        claims.issuer(iss);
        return this;
    }

    public TokenBuilder subject(String sub) {
        claims.subject(sub);
        return this;
    }

    public TokenBuilder audience(String... aud) {
        claims.audience(aud.length == 1 ? List.of(aud[0]) : List.of(aud));
        return this;
    }

    public TokenBuilder claim(String name, Object value) {
        claims.claim(name, value);
        return this;
    }

    public TokenBuilder issuedAt(Instant iat) {
        claims.issueTime(iat == null ? null : Date.from(iat));
        return this;
    }

    public TokenBuilder expiresAt(Instant exp) {
        claims.expirationTime(exp == null ? null : Date.from(exp));
        return this;
    }

    public TokenBuilder notBefore(Instant nbf) {
        claims.notBeforeTime(Date.from(nbf));
        return this;
    }

    /** Valid from {@code iat} = now + offset for {@code lifetime}. */
    public TokenBuilder window(Duration iatOffset, Duration lifetime) {
        Instant iat = Instant.now().plus(iatOffset);
        return issuedAt(iat).expiresAt(iat.plus(lifetime));
    }

    public TokenBuilder es256() {
        algorithm = JWSAlgorithm.ES256;
        kid = TestIssuer.EC_KID;
        return this;
    }

    public TokenBuilder kid(String keyId) {
        kid = keyId;
        return this;
    }

    public TokenBuilder jku(URI uri) {
        jku = uri;
        return this;
    }

    public JWTClaimsSet claims() {
        return claims.build();
    }

    /** Signs with the issuer's published key for the algorithm. */
    public String sign() {
        JWSSigner signer = signerFor(algorithm);
        return sign(signer, algorithm);
    }

    /** Signs with a fresh RSA key that is not in the JWKS, keeping the kid: a bad signature. */
    public String signWithForeignKey() {
        try {
            RSAKey foreign = new RSAKeyGenerator(2048).keyID(kid).generate();
            return sign(new RSASSASigner(foreign), JWSAlgorithm.RS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with the given RSA private key (e.g. a rotated or attacker key). */
    public String signWith(RSAKey key) {
        try {
            return sign(new RSASSASigner(key), JWSAlgorithm.RS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the RSA public key's bytes as the HMAC secret: the classic key-confusion attack. */
    public String signHs256WithPublicKey() {
        try {
            byte[] secret = issuer.rsaKey().toRSAPublicKey().getEncoded();
            return sign(new MACSigner(secret), JWSAlgorithm.HS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}. */
    public String unsigned() {
        return new PlainJWT(claims.build()).serialize();
    }

    /** A correctly signed token whose payload was then replaced (subject changed). */
    public String tampered() {
        String[] parts = sign().split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(claims.build()).subject("someone-else").build();
        return parts[0] + "." + Base64URL.encode(forged.toString()) + "." + parts[2];
    }

    private String sign(JWSSigner signer, JWSAlgorithm alg) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
        if (kid != null) {
            header.keyID(kid);
        }
        if (jku != null) {
            header.jwkURL(jku);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private JWSSigner signerFor(JWSAlgorithm alg) {
        try {
            return JWSAlgorithm.ES256.equals(alg) ? new ECDSASigner(issuer.ecKey()) : new RSASSASigner(issuer.rsaKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
