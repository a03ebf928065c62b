package dev.tokenbroker.exchange;

import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.JsonWebToken;

/**
 * Explains why a token of the realm failed verification, for the error description and the event.
 * Keycloak's verifier only answers valid or not; this reads the (unverified) token again, on the
 * failure path only, to name the first problem a client can act on. Nothing it reads is trusted or
 * echoed back.
 */
final class TokenDiagnosis {

    private TokenDiagnosis() {
    }

    static String explain(String parameter, String token, String realmIssuer) {
        JWSInput jws;
        JsonWebToken claims;
        try {
            jws = new JWSInput(token);
            claims = jws.readJsonContent(JsonWebToken.class);
        } catch (JWSInputException | RuntimeException e) {
            return parameter + " is not a well-formed JWT";
        }
        String alg = jws.getHeader().getRawAlgorithm();
        if (alg == null || "none".equalsIgnoreCase(alg)) {
            return parameter + " is not signed";
        }
        if (claims.getIssuer() == null || !claims.getIssuer().equals(realmIssuer)) {
            return parameter + " was not issued by this realm";
        }
        if (claims.getExp() != null && claims.getExp() != 0 && claims.getExp() <= Time.currentTime()) {
            return parameter + " has expired";
        }
        if (claims.getType() != null && !"Bearer".equalsIgnoreCase(claims.getType())) {
            return parameter + " is not an access token";
        }
        return parameter + " is invalid: bad signature, revoked, or its user, client or session is no longer active";
    }
}
