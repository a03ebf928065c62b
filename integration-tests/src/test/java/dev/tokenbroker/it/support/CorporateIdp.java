package dev.tokenbroker.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo's corporate identity provider: realm {@code corporate} of the same Keycloak, brokered by
 * {@code acme} as IdP {@code corporate} with stored tokens. The export points at {@code 127.0.0.1:8080}
 * (where {@code ./run.sh} starts Keycloak); tests re-point it at the server of the run.
 */
public final class CorporateIdp {

    public static final String ALIAS = "corporate";
    public static final String REALM = "corporate";
    public static final String BROKER_CLIENT = "acme-broker";
    /** The corporate realm's token lifespan (corporate-realm.json), which tests that change it set back. */
    public static final int TOKEN_LIFESPAN = 120;

    private CorporateIdp() {
    }

    /** Points the acme IdP at this run's corporate realm and enables it; returns the corporate realm. */
    public static Realm pointAt(Realm acme) {
        Realm corporate = acme.other(REALM);
        ObjectNode idp = (ObjectNode) acme.admin().getJson("/identity-provider/instances/" + ALIAS).deepCopy();
        ObjectNode config = (ObjectNode) idp.get("config");
        String base = corporate.issuer() + "/protocol/openid-connect/";
        config.put("authorizationUrl", base + "auth").put("tokenUrl", base + "token").put("jwksUrl", base + "certs")
                .put("clientSecret", "demo-corporate-broker-secret");
        idp.put("enabled", true);
        Http.Response response = acme.admin().put("/identity-provider/instances/" + ALIAS, idp);
        if (response.status() != 204) {
            throw new AssertionError("cannot point the corporate IdP at this run's Keycloak: " + response);
        }
        return corporate;
    }

    public static void setEnabled(Realm acme, boolean enabled) {
        // the representation read back masks the client secret; Keycloak keeps the stored one for the mask
        ObjectNode full = (ObjectNode) acme.admin().getJson("/identity-provider/instances/" + ALIAS).deepCopy();
        full.put("enabled", enabled);
        Http.Response response = acme.admin().put("/identity-provider/instances/" + ALIAS, full);
        if (response.status() != 204) {
            throw new AssertionError("cannot switch the corporate IdP: " + response);
        }
    }

    /** Signs the user out everywhere at the corporate IdP: her refresh tokens there stop working. */
    public static void revokeSessions(Realm corporate, String username) {
        JsonNode user = corporate.admin().user(username);
        Http.Response response = corporate.admin().post("/users/" + user.get("id").asText() + "/logout", null);
        if (response.status() != 204) {
            throw new AssertionError("cannot sign " + username + " out at the corporate IdP: " + response);
        }
    }

    /**
     * Sets how long the tokens the corporate IdP issues to the acme broker live (ID tokens follow access
     * tokens), so that a test can store tokens that are about to expire. An update keeps attributes it does
     * not name, so the realm's 120 s is set back explicitly by {@code setBrokerTokenLifespan(corporate, 120)}.
     */
    public static void setBrokerTokenLifespan(Realm corporate, int seconds) {
        ObjectNode broker = corporate.admin().client(BROKER_CLIENT);
        (broker.has("attributes") ? (ObjectNode) broker.get("attributes") : broker.putObject("attributes"))
                .put("access.token.lifespan", String.valueOf(seconds));
        corporate.admin().updateClient(broker);
    }}
