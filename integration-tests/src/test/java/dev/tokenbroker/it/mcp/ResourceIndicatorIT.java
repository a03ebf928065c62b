package dev.tokenbroker.it.mcp;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static dev.tokenbroker.it.support.OAuthAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.QueryParams;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/**
 * RFC 8707 {@code resource} at the acme realm for an MCP client (the public client
 * {@code claude-desktop}, under the realm's public-client policy): a resource the realm serves ends up
 * in {@code aud}; an unknown or malformed one is refused with {@code invalid_target} at the
 * authorization endpoint (error redirect) and at the token endpoint (400); none changes nothing.
 */
@RealKeycloak
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceIndicatorIT {

    private static final String CLIENT = "claude-desktop";
    private static final String MCP_SCOPE = "openid mcp:tools";
    private static final String GATEWAY = GatewayUnderTest.DEMO_RESOURCE;
    /** Served for this test by warehouse-api, a resource server without a scope of its own. */
    private static final String WAREHOUSE = "https://warehouse.example/api";
    private static final String UNKNOWN = "https://other.example/";

    private Realm acme;

    @BeforeAll
    void warehouseServesAResource(Realm acme) {
        this.acme = acme;
        setWarehouseResource(WAREHOUSE);
    }

    @AfterAll
    void warehouseServesNone() {
        setWarehouseResource(null);
    }

    @Test
    void aKnownResourceInBothRequestsIsTheAudienceAndStaysSoOnRefresh() {
        JsonNode tokens = issued(acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, resource(GATEWAY), resource(GATEWAY)));
        assertThat(audience(tokens)).contains(GATEWAY);

        JsonNode refreshed = issued(refresh(tokens, Map.of()));
        assertThat(audience(refreshed)).contains(GATEWAY);
    }

    @Test
    void aKnownResourceWithoutTheScopeIsStillTheAudience() {
        // Only the resource puts the URI into aud here: no scope of the realm maps it.
        JsonNode tokens = issued(acme.codeFlow(CLIENT, "alice", "alice", "openid", resource(WAREHOUSE), Map.of()));
        assertThat(audience(tokens)).contains(WAREHOUSE).doesNotContain(GATEWAY);
        assertThat(Jwt.claims(tokens.get("access_token").asText()).path("scope").asText()).doesNotContain("mcp:tools");

        // Set on the token response, not by a mapper: introspection (RFC 7662) still reports it.
        JsonNode introspected = acme.introspect(tokens.get("access_token").asText(), "mcp-gateway", GatewayUnderTest.SECRET).json();
        assertThat(introspected.path("active").asBoolean()).isTrue();
        assertThat(texts(introspected.get("aud"))).contains(WAREHOUSE);

        // Nothing but the grant puts it there on refresh either.
        assertThat(audience(issued(refresh(tokens, Map.of())))).contains(WAREHOUSE);
    }

    @Test
    void severalResourcesAreRefusedByKeycloakAsADuplicatedParameter() {
        // Keycloak 26.7 refuses a repeated parameter of the authorization-code flow before any policy runs.
        Http.Response authorization = acme.authorizationRequest(CLIENT, MCP_SCOPE, resources(GATEWAY, WAREHOUSE));
        assertThat(authorization.status()).isEqualTo(302);
        assertThat(QueryParams.of(URI.create(authorization.header("Location")))).containsEntry("error", "invalid_request");
        Http.Response token = acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, Map.of(), resources(GATEWAY, WAREHOUSE));
        assertThat(assertOAuthError(token, 400, "invalid_request").get("error_description").asText()).isEqualTo("duplicated parameter");
    }

    @Test
    void anUnknownResourceIsRefusedAtTheAuthorizationEndpointByErrorRedirect() {
        assertRedirectedWithInvalidTarget(resource(UNKNOWN));
    }

    @Test
    void aMalformedResourceIsRefusedAtTheAuthorizationEndpoint() {
        assertRedirectedWithInvalidTarget(resource("/mcp"));
        assertRedirectedWithInvalidTarget(resource(GATEWAY + "#tools"));
    }

    @Test
    void anUnknownOrMalformedResourceIsRefusedAtTheTokenEndpoint() {
        assertOAuthError(acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, Map.of(), resource(UNKNOWN)), 400, "invalid_target");
        assertOAuthError(acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, Map.of(), resource("mcp")), 400, "invalid_target");
    }

    @Test
    void aTokenRequestMayNotNameAResourceTheAuthorizationRequestDidNot() {
        Http.Response refused = acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, resource(GATEWAY), resource(WAREHOUSE));
        assertThat(assertOAuthError(refused, 400, "invalid_target").get("error_description").asText())
                .isEqualTo("resource was not named in the authorization request");
    }

    @Test
    void aRefreshNamingAnUnknownResourceIsRefused() {
        JsonNode tokens = issued(acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, resource(GATEWAY), resource(GATEWAY)));
        assertOAuthError(refresh(tokens, resource(UNKNOWN)), 400, "invalid_target");
        assertOAuthError(refresh(tokens, resource(WAREHOUSE)), 400, "invalid_target");
    }

    @Test
    void withoutResourceNothingChanges() {
        JsonNode plain = issued(acme.codeFlow(CLIENT, "alice", "alice", "openid", Map.of(), Map.of()));
        assertThat(audience(plain)).doesNotContain(GATEWAY, WAREHOUSE);
        // The scope's audience mapper still addresses the gateway, as before.
        JsonNode scoped = issued(acme.codeFlow(CLIENT, "alice", "alice", MCP_SCOPE, Map.of(), Map.of()));
        assertThat(audience(scoped)).contains(GATEWAY).doesNotContain(WAREHOUSE);
    }

    private void assertRedirectedWithInvalidTarget(Map<String, Object> extra) {
        Http.Response response = acme.authorizationRequest(CLIENT, MCP_SCOPE, extra);
        assertThat(response.status()).as("authorization response %s", response).isEqualTo(302);
        URI location = URI.create(response.header("Location"));
        assertThat(location.toString()).startsWith(Realm.LOOPBACK_REDIRECT);
        Map<String, String> params = QueryParams.of(location);
        assertThat(params).containsEntry("error", "invalid_target").containsKey("state");
        assertThat(params.get("error_description")).isNotBlank().doesNotContain("other.example");
        assertThat(params).doesNotContainKey("code");
    }

    private Http.Response refresh(JsonNode tokens, Map<String, Object> extra) {
        Map<String, Object> form = Http.form("grant_type", "refresh_token", "client_id", CLIENT,
                "refresh_token", tokens.get("refresh_token").asText());
        form.putAll(extra);
        return new Http().postForm(acme.tokenEndpoint(), form);
    }

    private static JsonNode issued(Http.Response response) {
        assertThat(response.status()).as("token response %s", response).isEqualTo(200);
        return response.json();
    }

    private static List<String> audience(JsonNode tokens) {
        return texts(Jwt.claims(tokens.get("access_token").asText()).get("aud"));
    }

    private static Map<String, Object> resource(String value) {
        return Http.form("resource", value);
    }

    private static Map<String, Object> resources(String... values) {
        return Http.form("resource", List.of(values));
    }

    private void setWarehouseResource(String uri) {
        ObjectNode warehouse = acme.admin().client("warehouse-api");
        ObjectNode attributes = warehouse.has("attributes") ? (ObjectNode) warehouse.get("attributes") : warehouse.putObject("attributes");
        // Keycloak removes an attribute saved empty.
        attributes.put(GatewayUnderTest.RESOURCE_URI_ATTRIBUTE, uri == null ? "" : uri);
        acme.admin().updateClient(warehouse);
    }
}
