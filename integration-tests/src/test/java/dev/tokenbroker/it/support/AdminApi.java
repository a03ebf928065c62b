package dev.tokenbroker.it.support;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The admin REST calls tests need, as the bootstrap admin. */
public final class AdminApi {

    private final KeycloakServer server;
    private final String realm;
    private final Http http = new Http();

    AdminApi(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    private String token() {
        Http.Response response = http.postForm(server.realmUri("master").resolve("/realms/master/protocol/openid-connect/token"),
                Http.form("grant_type", "password", "client_id", "admin-cli",
                        "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
        if (response.status() != 200) {
            throw new AssertionError("admin login failed: " + response.status());
        }
        return response.json().get("access_token").asText();
    }

    public Http.Response get(String path) {
        return http.get(uri(path), "Authorization", Http.bearer(token()));
    }

    public JsonNode getJson(String path) {
        Http.Response response = get(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " failed: " + response);
        }
        return response.json();
    }

    public Http.Response put(String path, Object body) {
        return http.sendJson("PUT", uri(path), body, "Authorization", Http.bearer(token()));
    }

    public Http.Response post(String path, Object body) {
        return http.sendJson("POST", uri(path), body, "Authorization", Http.bearer(token()));
    }

    /** Creates a realm from its full representation ({@code POST /admin/realms}), as an import would. */
    public Http.Response importRealm(Object representation) {
        return http.sendJson("POST", server.baseUri().resolve("/admin/realms"), representation, "Authorization", Http.bearer(token()));
    }

    public Http.Response delete(String path) {
        return http.sendJson("DELETE", uri(path), null, "Authorization", Http.bearer(token()));
    }

    /** Lifts every kill-switch suspension of the realm, so a test's suspension never outlives it. */
    public void liftSuspensions() {
        String suspensions = "/token-broker/suspensions";
        for (JsonNode suspension : getJson(suspensions)) {
            delete(suspensions + "/" + suspension.get("kind").asText() + "s/" + suspension.get("subject").asText());
        }
    }

    /** The representation of a client by its client_id. */
    public ObjectNode client(String clientId) {
        JsonNode found = getJson("/clients?clientId=" + clientId);
        if (found.isEmpty()) {
            throw new AssertionError("no client " + clientId + " in realm " + realm);
        }
        return (ObjectNode) found.get(0);
    }

    public ObjectNode user(String username) {
        JsonNode found = getJson("/users?exact=true&username=" + username);
        if (found.isEmpty()) {
            throw new AssertionError("no user " + username + " in realm " + realm);
        }
        return (ObjectNode) found.get(0);
    }

    /** Updates a client, failing the test if the server refuses. */
    public void updateClient(ObjectNode client) {
        Http.Response response = put("/clients/" + client.get("id").asText(), client);
        if (response.status() != 204) {
            throw new AssertionError("client update failed: " + response);
        }
    }

    public void updateUser(ObjectNode user) {
        Http.Response response = put("/users/" + user.get("id").asText(), user);
        if (response.status() != 204) {
            throw new AssertionError("user update failed: " + response);
        }
    }

    /** Stored events of a type, newest first. */
    public JsonNode events(String type) {
        return getJson("/events?type=" + type + "&max=200");
    }

    private URI uri(String path) {
        String base = path.startsWith("/serverinfo") ? "/admin" : "/admin/realms/" + realm;
        return server.baseUri().resolve(base + path);
    }
}
