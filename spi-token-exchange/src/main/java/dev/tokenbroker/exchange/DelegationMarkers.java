package dev.tokenbroker.exchange;

import java.util.Map;

import org.keycloak.jose.jws.JWSInput;

/**
 * Peeks, without verifying, whether a token carries {@code act} or {@code may_act}. Used only to
 * route a request to the delegation exchange, which then verifies everything; a forged marker
 * gains nothing but a refusal.
 */
final class DelegationMarkers {

    private DelegationMarkers() {
    }

    static boolean present(String token) {
        if (token == null) {
            return false;
        }
        try {
            Map<?, ?> claims = new JWSInput(token).readJsonContent(Map.class);
            return claims != null && (claims.containsKey("act") || claims.containsKey("may_act"));
        } catch (Exception notAJwt) {
            return false;
        }
    }
}
