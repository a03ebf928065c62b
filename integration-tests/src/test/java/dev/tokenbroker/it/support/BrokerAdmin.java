package dev.tokenbroker.it.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The broker's admin REST ({@code /admin/realms/{realm}/token-broker}) as one admin calls it: the
 * server's bootstrap admin, or an admin of the realm itself with only the roles a test gives it
 * (signed in at the realm's {@code admin-cli}, as the realm's own admin console would).
 */
public final class BrokerAdmin {

    public static final String BASE = "/token-broker";

    private final Realm realm;
    private final Supplier<String> token;
    private final Http http = new Http();

    private BrokerAdmin(Realm realm, Supplier<String> token) {
        this.realm = realm;
        this.token = token;
    }

    /** The bootstrap admin of the master realm (every permission). */
    public static BrokerAdmin serverAdmin(Realm realm) {
        return new BrokerAdmin(realm, () -> passwordToken(realm.other("master"), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD));
    }

    /**
     * A user of {@code realm} holding exactly the given {@code realm-management} roles (e.g.
     * {@code view-realm}), created unless it exists.
     */
    public static BrokerAdmin realmUser(Realm realm, String username, String... realmManagementRoles) {
        String password = username + "-Pa55word";
        AdminApi admin = realm.admin();
        if (admin.getJson("/users?exact=true&username=" + username).isEmpty()) {
            Http.Response created = admin.post("/users", Map.of("username", username, "enabled", true, "email", username + "@acme.test",
                    "emailVerified", true, "firstName", username, "lastName", "Admin",
                    "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
            if (created.status() != 201) {
                throw new AssertionError("admin user " + username + " not created: " + created);
            }
            String userId = admin.user(username).get("id").asText();
            String realmManagement = admin.client("realm-management").get("id").asText();
            for (String role : realmManagementRoles) {
                JsonNode representation = admin.getJson("/clients/" + realmManagement + "/roles/" + role);
                Http.Response granted = admin.post("/users/" + userId + "/role-mappings/clients/" + realmManagement, List.of(representation));
                if (granted.status() != 204) {
                    throw new AssertionError("role " + role + " not granted: " + granted);
                }
            }
        }
        return new BrokerAdmin(realm, () -> passwordToken(realm, username, password));
    }

    /** Nobody signed in. */
    public static BrokerAdmin anonymous(Realm realm) {
        return new BrokerAdmin(realm, () -> null);
    }

    private static String passwordToken(Realm at, String username, String password) {
        Http.Response response = new Http().postForm(at.tokenEndpoint(),
                Http.form("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password));
        if (response.status() != 200) {
            throw new AssertionError("admin login of " + username + " failed: " + response);
        }
        return response.json().get("access_token").asText();
    }

    public Http.Response get(String path) {
        return http.get(uri(path), auth());
    }

    public JsonNode getJson(String path) {
        Http.Response response = get(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " failed: " + response);
        }
        return response.json();
    }

    public Http.Response post(String path, Object body) {
        return http.sendJson("POST", uri(path), body, auth());
    }

    public Http.Response put(String path, Object body) {
        return http.sendJson("PUT", uri(path), body, auth());
    }

    public Http.Response delete(String path) {
        return http.sendJson("DELETE", uri(path), null, auth());
    }

    /** A body exactly as given, as JSON. */
    public Http.Response send(String method, String path, String rawBody) {
        return http.sendText(method, uri(path), "application/json", rawBody, auth());
    }

    private String[] auth() {
        String bearer = token.get();
        return bearer == null ? new String[0] : new String[] {"Authorization", Http.bearer(bearer)};
    }

    private URI uri(String path) {
        return realm.server().baseUri().resolve("/admin/realms/" + realm.name() + BASE + path);
    }
}
