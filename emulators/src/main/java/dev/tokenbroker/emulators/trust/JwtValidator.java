package dev.tokenbroker.emulators.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates a presented JWT against a {@link TokenPolicy}, independently of Keycloak's own code.
 *
 * <p>Checks run in a fixed order and stop at the first failure: syntax, {@code alg} pinned,
 * {@code kid} resolving in the configured issuer's JWKS, key fit, signature, then {@code iss},
 * {@code aud}, {@code exp}, {@code nbf}, {@code iat}, lifetime, extra required claims. Signature comes
 * before claims so that nothing read from an unverified payload decides anything.
 */
public final class JwtValidator {

    private final IssuerTrusts trusts;
    private final Clock clock;

    public JwtValidator(IssuerTrusts trusts, Clock clock) {
        this.trusts = trusts;
        this.clock = clock;
    }

    public ValidatedJwt validate(String serialized, TokenPolicy policy) throws TokenRejectedException {
        SignedJWT jwt = verified(serialized, policy.algorithms(), policy.issuer());
        JWTClaimsSet claims = claimsOf(jwt);
        checkClaims(claims, policy);
        return new ValidatedJwt(jwt.getHeader().getAlgorithm(), jwt.getHeader().getKeyID(), claims);
    }

    /**
     * Validates against the one of several trusts that names the token's issuer, as services that trust
     * several identity providers at once do (a Databricks account with one federation policy per issuer,
     * an STS with several trusted issuers). The unverified {@code iss} only selects where keys come from;
     * the selected trust then checks everything, {@code iss} included. Trusts of the same issuer are tried
     * in order (they may differ in audience); the first that accepts wins, else the first refusal is thrown.
     *
     * @throws TokenRejectedException {@link Rejection#WRONG_ISSUER} when no trust names the token's issuer
     */
    public <T> Trusted<T> validateAny(String serialized, List<T> trusts, Function<T, TokenPolicy> policyOf)
            throws TokenRejectedException {
        String issuer = unverifiedIssuer(serialized);
        TokenRejectedException first = null;
        for (T trust : trusts) {
            TokenPolicy policy = policyOf.apply(trust);
            if (!policy.issuer().equals(issuer)) {
                continue;
            }
            try {
                return new Trusted<>(trust, validate(serialized, policy));
            } catch (TokenRejectedException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        throw reject(Rejection.WRONG_ISSUER, "Issuer '" + issuer + "' is not trusted; trusted issuers: "
                + trusts.stream().map(t -> policyOf.apply(t).issuer()).distinct().toList());
    }

    /** A JWT accepted by one of several trusts, and which one. */
    public record Trusted<T>(T trust, ValidatedJwt jwt) {
    }

    private static String unverifiedIssuer(String serialized) throws TokenRejectedException {
        try {
            return parseSigned(serialized).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw reject(Rejection.MALFORMED, "Token payload is not a JSON claims set");
        }
    }

    /**
     * The first half of {@link #validate}: syntax, pinned {@code alg}, {@code kid} in the JWKS that
     * {@code keyIssuer}'s discovery names, key fit and signature; the claims are left to the caller. For
     * JWTs whose {@code iss} is not the key publisher, such as RFC 7523 client assertions ({@code iss} is
     * the client id, the keys are the realm's).
     */
    public JWTClaimsSet verifiedClaims(String serialized, Set<JWSAlgorithm> algorithms, String keyIssuer)
            throws TokenRejectedException {
        return claimsOf(verified(serialized, algorithms, keyIssuer));
    }

    private SignedJWT verified(String serialized, Set<JWSAlgorithm> algorithms, String keyIssuer)
            throws TokenRejectedException {
        SignedJWT jwt = parseSigned(serialized);
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!algorithms.contains(alg)) {
            throw reject(Rejection.ALGORITHM_NOT_ALLOWED, "Algorithm " + alg + " is not accepted; expected one of "
                    + algorithms);
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw reject(Rejection.MISSING_KID, "Token header has no kid");
        }
        JWK key = trusts.forIssuer(keyIssuer).key(kid);
        verifySignature(jwt, alg, key);
        return jwt;
    }

    private static SignedJWT parseSigned(String serialized) throws TokenRejectedException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(serialized);
        } catch (ParseException e) {
            throw reject(Rejection.MALFORMED, "Token is not a JWT: " + e.getMessage());
        }
        if (jwt instanceof PlainJWT) {
            throw reject(Rejection.UNSIGNED, "Unsecured JWT (alg none) is not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw reject(Rejection.MALFORMED, "Encrypted JWTs are not accepted");
        }
        return signed;
    }

    private static void verifySignature(SignedJWT jwt, JWSAlgorithm alg, JWK key) throws TokenRejectedException {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw reject(Rejection.KEY_MISMATCH, "Key " + key.getKeyID() + " is not a signing key");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
            throw reject(Rejection.KEY_MISMATCH, "Key " + key.getKeyID() + " is for " + key.getAlgorithm() + ", not " + alg);
        }
        boolean valid;
        try {
            valid = jwt.verify(verifierFor(alg, key));
        } catch (JOSEException e) {
            throw reject(Rejection.BAD_SIGNATURE, "Signature could not be verified: " + e.getMessage());
        }
        if (!valid) {
            throw reject(Rejection.BAD_SIGNATURE, "Invalid signature");
        }
    }

    private static JWSVerifier verifierFor(JWSAlgorithm alg, JWK key) throws TokenRejectedException, JOSEException {
        if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        throw reject(Rejection.KEY_MISMATCH, "Key " + key.getKeyID() + " (" + key.getKeyType() + ") cannot verify " + alg);
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) throws TokenRejectedException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw reject(Rejection.MALFORMED, "Token payload is not a JSON claims set");
        }
    }

    private void checkClaims(JWTClaimsSet claims, TokenPolicy policy) throws TokenRejectedException {
        if (!policy.issuer().equals(claims.getIssuer())) {
            throw reject(Rejection.WRONG_ISSUER, "Issuer '" + claims.getIssuer() + "' is not the expected '"
                    + policy.issuer() + "'");
        }
        List<String> audiences = claims.getAudience();
        if (audiences.stream().noneMatch(policy.audiences()::contains)) {
            throw reject(Rejection.WRONG_AUDIENCE, "Audience " + audiences + " does not match the expected "
                    + policy.audiences());
        }
        Instant now = clock.instant();
        Duration skew = policy.clockSkew();
        Instant exp = date(claims, "exp");
        if (exp == null) {
            throw reject(Rejection.MISSING_CLAIM, "Token has no exp");
        }
        if (!now.isBefore(exp.plus(skew))) {
            throw reject(Rejection.EXPIRED, "Token expired at " + exp + " (now " + now + ")");
        }
        Instant nbf = date(claims, "nbf");
        if (nbf != null && nbf.isAfter(now.plus(skew))) {
            throw reject(Rejection.NOT_YET_VALID, "Token not valid before " + nbf + " (now " + now + ")");
        }
        Instant iat = date(claims, "iat");
        if (iat == null) {
            throw reject(Rejection.MISSING_CLAIM, "Token has no iat");
        }
        if (iat.isAfter(now.plus(skew))) {
            throw reject(Rejection.ISSUED_IN_FUTURE, "Token issued in the future at " + iat + " (now " + now + ")");
        }
        if (policy.maxLifetime().isPresent()
                && Duration.between(iat, exp).compareTo(policy.maxLifetime().get()) >= 0) {
            throw reject(Rejection.LIFETIME_TOO_LONG, "Token lifetime " + Duration.between(iat, exp)
                    + " is not below the maximum " + policy.maxLifetime().get());
        }
        for (String required : policy.requiredClaims()) {
            if (claims.getClaim(required) == null) {
                throw reject(Rejection.MISSING_CLAIM, "Token has no " + required);
            }
        }
    }

    private static Instant date(JWTClaimsSet claims, String name) throws TokenRejectedException {
        try {
            Date date = claims.getDateClaim(name);
            return date == null ? null : date.toInstant();
        } catch (ParseException e) {
            throw reject(Rejection.MALFORMED, "Claim " + name + " is not a NumericDate");
        }
    }

    private static TokenRejectedException reject(Rejection reason, String message) {
        return new TokenRejectedException(reason, message);
    }
}
