package dev.tokenbroker.emulators.rfc8693;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.trust.JwtValidator;
import dev.tokenbroker.emulators.trust.Rejection;
import dev.tokenbroker.emulators.trust.TokenPolicy;
import dev.tokenbroker.emulators.trust.TokenRejectedException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 7523 §3 checks of a {@code private_key_jwt} client assertion: signature by a key in the client's
 * JWKS (RS256 or ES256, {@code kid} required), {@code iss} = {@code sub} = the client id, {@code aud}
 * naming the token endpoint, {@code exp} in the future, {@code nbf}/{@code iat} (optional) not in the
 * future, and a {@code jti} never seen before while the assertion is alive (§3 item 7 allows replay
 * protection; real servers such as Keycloak do it, and it catches a client that caches its assertion).
 * Clock skew 60 s.
 */
final class ClientAssertionVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Duration CLOCK_SKEW = TokenPolicy.DEFAULT_CLOCK_SKEW;

    private final JwtValidator validator;
    private final Clock clock;
    /** client id + jti → until when it must not come back. */
    private final Map<String, Instant> usedJtis = new ConcurrentHashMap<>();

    ClientAssertionVerifier(JwtValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * @param endpointUrls the URLs this token endpoint answers to; {@code aud} must contain one of them
     */
    void verify(String assertion, PartnerClient client, Set<String> endpointUrls) throws Refusal {
        JWTClaimsSet claims;
        try {
            claims = validator.verifiedClaims(assertion, ALGORITHMS, client.jwksIssuer());
        } catch (TokenRejectedException e) {
            if (e.reason() == Rejection.ISSUER_UNREACHABLE) {
                throw PartnerStsErrors.temporarilyUnavailable("Cannot fetch the keys of client " + client.clientId()
                        + ": " + e.getMessage());
            }
            throw invalid("signature not verified: " + e.getMessage() + " [" + e.reason() + "]");
        }
        String clientId = client.clientId();
        if (!clientId.equals(claims.getIssuer())) {
            throw invalid("iss '" + claims.getIssuer() + "' is not the client id '" + clientId + "'");
        }
        if (!clientId.equals(claims.getSubject())) {
            throw invalid("sub '" + claims.getSubject() + "' is not the client id '" + clientId + "'");
        }
        if (claims.getAudience().stream().noneMatch(endpointUrls::contains)) {
            throw invalid("aud " + claims.getAudience() + " does not name this token endpoint " + endpointUrls);
        }
        Instant now = clock.instant();
        Instant exp = date(claims, "exp");
        if (exp == null) {
            throw invalid("no exp");
        }
        if (!now.isBefore(exp.plus(CLOCK_SKEW))) {
            throw invalid("expired at " + exp + " (now " + now + ")");
        }
        Instant nbf = date(claims, "nbf");
        if (nbf != null && nbf.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid("not valid before " + nbf + " (now " + now + ")");
        }
        Instant iat = date(claims, "iat");
        if (iat != null && iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid("issued in the future at " + iat + " (now " + now + ")");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw invalid("no jti");
        }
        // Only a verified assertion may claim its jti, so forged ones cannot lock out the real client.
        usedJtis.values().removeIf(until -> until.isBefore(now));
        Instant until = exp.plus(CLOCK_SKEW);
        if (usedJtis.putIfAbsent(clientId + " " + jti, until) != null) {
            throw invalid("jti '" + jti + "' was already used");
        }
    }

    void forget() {
        usedJtis.clear();
    }

    private static Instant date(JWTClaimsSet claims, String name) throws Refusal {
        try {
            Date date = claims.getDateClaim(name);
            return date == null ? null : date.toInstant();
        } catch (ParseException e) {
            throw invalid(name + " is not a NumericDate");
        }
    }

    private static Refusal invalid(String reason) {
        return PartnerStsErrors.invalidClient("Invalid client_assertion: " + reason, false);
    }
}
