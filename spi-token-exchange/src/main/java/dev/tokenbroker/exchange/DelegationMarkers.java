package dev.tokenbroker.exchange;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Peeks, without verifying, whether a token carries {@code act} or {@code may_act}. Used only to
 * route a request to the broker, which then verifies everything; a forged marker gains nothing but a
 * refusal. Runs for every token exchange of the realm, so it looks for the names in the raw payload
 * (header and payload unparsed) before parsing any JSON.
 */
final class DelegationMarkers {

    private DelegationMarkers() {
    }

    static boolean present(String token) {
        if (!UnverifiedJwt.payloadMentions(token, "act\"")) {
            return false;
        }
        UnverifiedJwt jwt = UnverifiedJwt.read(token);
        JsonNode claims = jwt == null ? null : jwt.claims();
        return claims != null && (claims.has("act") || claims.has("may_act"));
    }
}
