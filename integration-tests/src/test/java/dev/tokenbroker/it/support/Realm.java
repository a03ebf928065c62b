package dev.tokenbroker.it.support;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A realm of the shared server and the calls tests make against it. The demo realm {@code acme}
 * is what the README walks through; {@code tokenbroker-tests} holds edge-case clients only tests need.
 */
public final class Realm {

    public static final String LOOPBACK_REDIRECT = "http://127.0.0.1:53682/callback";

    private final KeycloakServer server;
    private final String name;

    private Realm(KeycloakServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public static Realm acme(KeycloakServer server) {
        return new Realm(server, "acme");
    }

    public Realm other(String realmName) {
        return new Realm(server, realmName);
    }

    public String name() {
        return name;
    }

    public KeycloakServer server() {
        return server;
    }

    public URI issuer() {
        return server.realmUri(name);
    }

    public URI oidc(String endpoint) {
        return URI.create(issuer() + "/protocol/openid-connect/" + endpoint);
    }

    public URI tokenEndpoint() {
        return oidc("token");
    }

    /** Signs a user in through a public AI client with authorization code + PKCE; returns the token response. */
    public JsonNode login(String clientId, String username, String password) {
        return PkceLogin.login(this, clientId, LOOPBACK_REDIRECT, username, password, "openid profile email");
    }

    /**
     * Signs a user in the way an MCP client does for a protected resource: PKCE, the given scope and
     * redirect, and RFC 8707 {@code resource} in the authorization request.
     */
    public JsonNode loginForResource(String clientId, String redirectUri, String username, String password, String scope,
                                     String resource) {
        return PkceLogin.login(this, clientId, redirectUri, username, password, scope, java.util.Map.of("resource", resource));
    }

    /**
     * The authorization-code flow with more parameters on the authorization request and on the token
     * request (e.g. RFC 8707 {@code resource} on either); the token endpoint's answer, refused or not.
     */
    public Http.Response codeFlow(String clientId, String username, String password, String scope,
                                  java.util.Map<String, ?> authorizationExtra, java.util.Map<String, ?> tokenExtra) {
        return PkceLogin.tokenResponse(this, clientId, LOOPBACK_REDIRECT, username, password, scope, authorizationExtra, tokenExtra);
    }

    /** The authorization request alone (PKCE S256, loopback redirect): the login page, or the error redirect. */
    public Http.Response authorizationRequest(String clientId, String scope, java.util.Map<String, ?> extra) {
        return PkceLogin.authorize(this, new Http(), clientId, LOOPBACK_REDIRECT, scope, PkceLogin.randomUrlSafe(16),
                PkceLogin.challenge(PkceLogin.randomUrlSafe(32)), extra);
    }

    /**
     * A user at an authorization URL a client built itself (one a CLI prints for the browser): the
     * login form filled in over HTTP with a cookie jar; returns where Keycloak sends the browser back.
     */
    public URI signInAt(URI authorizationUrl, String username, String password) {
        Http browser = new Http();
        return PkceLogin.submitLoginForm(browser, browser.get(authorizationUrl), username, password);
    }

    /** Alice, through Claude Desktop: the start of the demo story. Returns her access token. */
    public String aliceViaClaude() {
        return login("claude-desktop", "alice", "alice").get("access_token").asText();
    }

    public String clientCredentials(String clientId, String secret) {
        Http.Response response = new Http().postForm(tokenEndpoint(), Http.form("grant_type", "client_credentials"),
                "Authorization", Http.basic(clientId, secret));
        if (response.status() != 200) {
            throw new AssertionError("client credentials grant failed for " + clientId + ": " + response);
        }
        return response.json().get("access_token").asText();
    }

    /** An RFC 8693 request by the given client; add parameters, then {@link TokenExchange#post()}. */
    public TokenExchange exchange(String clientId, String secret) {
        return new TokenExchange(this, clientId, secret);
    }

    public Http.Response introspect(String token, String clientId, String secret) {
        return new Http().postForm(oidc("token/introspect"), Http.form("token", token),
                "Authorization", Http.basic(clientId, secret));
    }

    public AdminApi admin() {
        return new AdminApi(server, name);
    }
}
