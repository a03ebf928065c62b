package dev.tokenbroker.it.brokering;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.it.support.BrokeredLogin;
import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Realm;

/** Carol's story: she signs in to Claude through the corporate IdP; the gateway exchanges her token. */
final class CorporateSignIn {

    static final String GATEWAY = "mcp-gateway";
    static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";

    private CorporateSignIn() {
    }

    /** Carol's acme access token, after a fresh sign-in through the corporate IdP (which stores new corporate tokens). */
    static String carolViaCorporate(Realm acme) {
        return BrokeredLogin.login(acme, "claude-desktop", CorporateIdp.ALIAS, "carol", "carol").get("access_token").asText();
    }

    /**
     * The newest stored exchange event (allowed or refused) of a user for an upstream: its {@code audience},
     * recorded as soon as the request is routed (a policy denial comes before the upstream's own details).
     */
    static JsonNode lastEvent(Realm acme, String type, String username, String upstream) {
        for (JsonNode event : acme.admin().events(type)) {
            JsonNode details = event.path("details");
            if (username.equals(details.path("username").asText()) && upstream.equals(details.path("audience").asText())) {
                return details;
            }
        }
        throw new AssertionError("no " + type + " event of " + username + " for " + upstream);
    }

    static List<JsonNode> events(Realm acme, String type, String username, String upstream) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode event : acme.admin().events(type)) {
            JsonNode details = event.path("details");
            if (username.equals(details.path("username").asText()) && upstream.equals(details.path("audience").asText())) {
                found.add(details);
            }
        }
        return found;
    }
}
