package dev.tokenbroker.exchange;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Peeks, without verifying, whether a token carries {@code act} or {@code may_act}. Used only to
 * route a request to the broker, which then verifies everything; a forged marker gains nothing but a
 * refusal. Runs for every token exchange of the realm, so it looks for the names (or any JSON escape,
 * which could spell them) in the raw payload before parsing any JSON.
 */
final class DelegationMarkers {

    private DelegationMarkers() {
    }

    static boolean present(String token) {
        // JSON lets a name be spelt with unicode escapes (backslash, u, 0061 for the a of act), and every
        // parser reads it as the plain name: a payload holding any such escape is parsed too, or the raw
        // search alone would hand a token that names act that way to stock's exchange.
        if (!UnverifiedJwt.payloadMentions(token, "act\"", "\\u")) {
            return false;
        }
        UnverifiedJwt jwt = UnverifiedJwt.read(token);
        JsonNode claims = jwt == null ? null : jwt.claims();
        return claims != null && (claims.has("act") || claims.has("may_act"));
    }
}
