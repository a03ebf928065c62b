package dev.tokenbroker.emulators.trust;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A JWT whose signature and standard claims passed a {@link TokenPolicy}. */
public record ValidatedJwt(JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) {

    public String issuer() {
        return claims.getIssuer();
    }

    public List<String> audiences() {
        return claims.getAudience();
    }

    public Instant expiresAt() {
        return claims.getExpirationTime().toInstant();
    }

    public Instant issuedAt() {
        return claims.getIssueTime().toInstant();
    }

    /** The claim if it is a non-blank string; empty when missing or of another JSON type (untrusted input). */
    public Optional<String> stringClaim(String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
