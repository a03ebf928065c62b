package dev.tokenbroker.it.mcp;

import static dev.tokenbroker.it.mcp.GatewayUnderTest.call;
import static dev.tokenbroker.it.mcp.GatewayUnderTest.structured;
import static dev.tokenbroker.it.mcp.GatewayUnderTest.text;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;

/**
 * MCP end to end: the MCP SDK's Java client finds the realm through the gateway's RFC 9728 metadata,
 * signs alice in (PKCE, {@code resource}, scope {@code mcp:tools}), and reaches every platform through
 * the gateway's tools as alice with the agent recorded; refusals arrive as MCP tool errors.
 */
@McpGateway
class McpGatewayIT {

    private static final String SCOPE = "openid mcp:tools";
    private static final String SUSPENSIONS = "/token-broker/suspensions";
    private static final String ALLOWED_ACTORS = "tokenbroker.delegation.allowed-actors";

    private final Realm acme;
    private final GatewayUnderTest gateway;

    McpGatewayIT(Realm acme, GatewayUnderTest gateway) {
        this.acme = acme;
        this.gateway = gateway;
    }

    @AfterEach
    void liftSuspensions() {
        acme.admin().liftSuspensions();
    }

    private String signIn(String clientId, String username) {
        return acme.loginForResource(clientId, Realm.LOOPBACK_REDIRECT, username, username, SCOPE,
                gateway.resource().toString()).get("access_token").asText();
    }

    @Test
    void aClientWithoutATokenIsSentToTheRealmThroughTheResourceMetadata() {
        Http http = new Http();
        Http.Response anonymous = http.sendJson("POST", gateway.resource(), initialize(), "Accept", "application/json, text/event-stream");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer resource_metadata=\"" + gateway.metadata()
                + "\", scope=\"mcp:tools\"");
        for (URI metadataUri : List.of(gateway.metadata(), gateway.resource().resolve("/.well-known/oauth-protected-resource"))) {
            JsonNode metadata = http.get(metadataUri).json();
            assertThat(metadata.get("resource").asText()).isEqualTo(gateway.resource().toString());
            assertThat(metadata.get("authorization_servers")).containsExactly(Http.JSON.valueToTree(acme.issuer().toString()));
            assertThat(metadata.get("scopes_supported")).containsExactly(Http.JSON.valueToTree("mcp:tools"));
        }
        JsonNode server = http.get(URI.create(acme.issuer() + "/.well-known/openid-configuration")).json();
        assertThat(server.get("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(server.get("registration_endpoint").asText()).isNotBlank();
        assertThat(server.get("scopes_supported").toString()).contains("mcp:tools");
    }

    @Test
    void aliceThroughClaudeDesktopReachesEveryPlatformAsHerself(Platforms platforms) {
        String alice = signIn("claude-desktop", "alice");
        JsonNode claims = Jwt.claims(alice);
        assertThat(claims.get("aud").toString()).contains(gateway.resource().toString());
        assertThat(claims.get("scope").asText()).contains("mcp:tools");

        try (McpSyncClient client = gateway.client(alice)) {
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
                    "databricks_query", "snowflake_query", "aws_whoami", "gcp_whoami", "corporate_whoami");

            McpSchema.CallToolResult databricks = call(client, "databricks_query", Map.of("sql", "SELECT current_user()"));
            assertThat(databricks.isError()).as(text(databricks)).isFalse();
            assertThat(structured(databricks).get("rows").toString()).isEqualTo("[[\"alice@acme.test\"]]");
            assertFederatedAsAliceForClaude(platforms.emulators().databricks().received());

            McpSchema.CallToolResult snowflake = call(client, "snowflake_query", Map.of("sql", "SELECT CURRENT_USER(), CURRENT_ROLE()"));
            assertThat(snowflake.isError()).as(text(snowflake)).isFalse();
            assertThat(structured(snowflake).get("rows").toString()).isEqualTo("[[\"ALICE\",\"ANALYST\"]]");
            assertFederatedAsAliceForClaude(platforms.emulators().snowflake().received());

            McpSchema.CallToolResult aws = call(client, "aws_whoami", Map.of());
            assertThat(aws.isError()).as(text(aws)).isFalse();
            assertThat(structured(aws).get("Arn").asText()).isEqualTo(
                    "arn:aws:sts::123456789012:assumed-role/acme-analyst/alice+claude-desktop");
            assertThat(structured(aws).get("Account").asText()).isEqualTo("123456789012");
            assertThat(structured(aws).toString()).doesNotContain("SecretAccessKey", "SessionToken");
            assertFederatedAsAliceForClaude(platforms.emulators().awsSts().received());

            McpSchema.CallToolResult gcp = call(client, "gcp_whoami", Map.of());
            assertThat(gcp.isError()).as(text(gcp)).isFalse();
            assertThat(structured(gcp).get("email").asText()).isEqualTo("analyst@acme-data.iam.gserviceaccount.com");
            assertFederatedAsAliceForClaude(platforms.emulators().gcpSts().received());

            // Passthrough: alice never linked the corporate IdP; the broker's refusal says where to.
            McpSchema.CallToolResult corporate = call(client, "corporate_whoami", Map.of());
            assertThat(corporate.isError()).isTrue();
            assertThat(text(corporate)).contains("invalid_request", "has not linked identity provider 'corporate'");
        }
        JsonNode record = acme.admin().events("TOKEN_EXCHANGE").get(0);
        assertThat(record.path("details").path("tool").asText()).isEqualTo("gcp_whoami");
        assertThat(record.path("details").path("actor").asText()).isEqualTo("claude-desktop");
        assertThat(record.path("details").path("requesting_client").asText()).isEqualTo("mcp-gateway");
        assertThat(record.path("details").path("authorization_details").asText()).contains(gateway.resource().toString());
    }

    /** The platform saw a token of the realm for alice, minted for the gateway, with Claude as the actor. */
    private void assertFederatedAsAliceForClaude(List<ReceivedRequest> received) {
        JWTClaimsSet assertion = PlatformCalls.lastToken(received);
        assertThat(assertion.getSubject()).isEqualTo("alice@acme.test");
        assertThat(assertion.getClaim("act").toString()).contains("claude-desktop");
        assertThat(assertion.getClaim("client_id")).isEqualTo("mcp-gateway");
    }

    @Test
    void bobIsRefusedWhereHisRolesDoNotReach() {
        try (McpSyncClient client = gateway.client(signIn("claude-desktop", "bob"))) {
            McpSchema.CallToolResult databricks = call(client, "databricks_query", Map.of("sql", "SELECT current_user()"));
            assertThat(databricks.isError()).as(text(databricks)).isFalse();
            assertThat(structured(databricks).get("rows").toString()).isEqualTo("[[\"bob@acme.test\"]]");

            McpSchema.CallToolResult aws = call(client, "aws_whoami", Map.of());
            assertThat(aws.isError()).isTrue();
            assertThat(text(aws)).contains("access_denied", "the user lacks a required role or group");

            McpSchema.CallToolResult snowflake = call(client, "snowflake_query", Map.of("sql", "SELECT CURRENT_USER()"));
            assertThat(snowflake.isError()).isTrue();
            assertThat(text(snowflake)).contains("Keycloak refused the token exchange for snowflake_query", "invalid_request",
                    "the user has no Snowflake role");

            McpSchema.CallToolResult gcp = call(client, "gcp_whoami", Map.of());
            assertThat(gcp.isError()).isTrue();
            assertThat(text(gcp)).contains("Keycloak refused the token exchange for gcp_whoami", "PERMISSION_DENIED");
        }
    }

    @Test
    void aTokenForAnotherAudienceOrNoTokenAtAllIsRefused() {
        Http http = new Http();
        // Signed by the realm, for alice, but without mcp:tools: addressed to the mcp-gateway client, not this resource.
        String otherAudience = acme.aliceViaClaude();
        assertThat(Jwt.claims(otherAudience).get("aud").toString()).doesNotContain(gateway.resource().toString());
        Http.Response refused = http.sendJson("POST", gateway.resource(), initialize(),
                "Authorization", Http.bearer(otherAudience), "Accept", "application/json, text/event-stream");
        assertOAuthError(refused, 401, "invalid_token");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
                .contains("resource_metadata=\"" + gateway.metadata() + "\"");
        assertThat(refused.json().get("error_description").asText()).isEqualTo("the access token is not addressed to this resource");

        Http.Response garbage = http.sendJson("POST", gateway.resource(), initialize(),
                "Authorization", "Bearer not-a-jwt", "Accept", "application/json, text/event-stream");
        assertOAuthError(garbage, 401, "invalid_token");
    }

    @Test
    void foreignOriginsAndHostsAreRefused() throws IOException {
        String alice = signIn("claude-desktop", "alice");
        Http.Response foreignOrigin = new Http().sendJson("POST", gateway.resource(), initialize(),
                "Authorization", Http.bearer(alice), "Origin", "http://evil.example", "Accept", "application/json, text/event-stream");
        assertThat(foreignOrigin.status()).isEqualTo(403);

        // A DNS-rebinding page reaches loopback under its own host name; Java's client will not send a foreign Host.
        try (Socket socket = new Socket("127.0.0.1", gateway.resource().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /.well-known/oauth-protected-resource/mcp HTTP/1.1\r\nHost: evil.example:" + gateway.resource().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 403");
        }
    }

    @Test
    void theKillSwitchStopsTheAgentMidSession() {
        try (McpSyncClient client = gateway.client(signIn("claude-desktop", "alice"))) {
            assertThat(call(client, "databricks_query", Map.of("sql", "SELECT current_user()")).isError()).isFalse();

            assertThat(acme.admin().put(SUSPENSIONS + "/agents/claude-desktop", Map.of("reason", "incident 42")).status()).isEqualTo(204);
            McpSchema.CallToolResult stopped = call(client, "databricks_query", Map.of("sql", "SELECT current_user()"));
            assertThat(stopped.isError()).isTrue();
            assertThat(text(stopped)).contains("access_denied", "agent 'claude-desktop' is suspended", "incident 42");

            assertThat(acme.admin().delete(SUSPENSIONS + "/agents/claude-desktop").status()).isEqualTo(204);
            assertThat(call(client, "databricks_query", Map.of("sql", "SELECT current_user()")).isError()).isFalse();
        }
    }

    @Test
    void aDynamicallyRegisteredClientSignsInAndThePolicyGovernsWhatItMayDo(Platforms platforms) {
        JsonNode server = new Http().get(URI.create(acme.issuer() + "/.well-known/openid-configuration")).json();
        Http.Response registered = new Http().sendJson("POST", URI.create(server.get("registration_endpoint").asText()), Map.of(
                "client_name", "MCP client under test",
                "redirect_uris", List.of(Realm.LOOPBACK_REDIRECT),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code"),
                "token_endpoint_auth_method", "none",
                "scope", "mcp:tools"));
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        String clientId = registered.json().get("client_id").asText();
        ObjectNode registeredClient = acme.admin().client(clientId);
        ObjectNode mcpGateway = acme.admin().client("mcp-gateway");
        String allowedActors = mcpGateway.path("attributes").path(ALLOWED_ACTORS).asText();
        try {
            assertThat(registeredClient.get("consentRequired").asBoolean()).isFalse();
            assertThat(registeredClient.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");

            String alice = signIn(clientId, "alice");
            JsonNode claims = Jwt.claims(alice);
            assertThat(claims.get("azp").asText()).isEqualTo(clientId);
            assertThat(claims.get("aud").toString()).contains(gateway.resource().toString()).doesNotContain("\"mcp-gateway\"");
            // Held by the gateway only through its resource URI: another confidential client may not exchange it.
            assertOAuthError(acme.exchange("analytics-mcp", "demo-analytics-mcp-secret").subject(alice).audience("warehouse-api").post(),
                    400, "invalid_request");

            try (McpSyncClient client = gateway.client(alice)) {
                McpSchema.CallToolResult unknownAgent = call(client, "databricks_query", Map.of("sql", "SELECT current_user()"));
                assertThat(unknownAgent.isError()).isTrue();
                assertThat(text(unknownAgent)).contains("unauthorized_client");

                // The realm admin accepts the new agent for the gateway.
                ((ObjectNode) mcpGateway.get("attributes")).put(ALLOWED_ACTORS, allowedActors + " " + clientId);
                acme.admin().updateClient(mcpGateway);

                McpSchema.CallToolResult databricks = call(client, "databricks_query", Map.of("sql", "SELECT current_user()"));
                assertThat(databricks.isError()).as(text(databricks)).isFalse();
                assertThat(structured(databricks).get("rows").toString()).isEqualTo("[[\"alice@acme.test\"]]");
                JWTClaimsSet federated = PlatformCalls.lastToken(platforms.emulators().databricks().received());
                assertThat(federated.getClaim("act").toString()).contains(clientId);

                // The aws upstream's built-in policy names the agents it trusts; the new one is not among them.
                McpSchema.CallToolResult aws = call(client, "aws_whoami", Map.of());
                assertThat(aws.isError()).isTrue();
                assertThat(text(aws)).contains("access_denied", "agent '" + clientId + "' may not act for users here");
            }
        } finally {
            ObjectNode restored = acme.admin().client("mcp-gateway");
            ((ObjectNode) restored.get("attributes")).put(ALLOWED_ACTORS, allowedActors);
            acme.admin().updateClient(restored);
            acme.admin().delete("/clients/" + registeredClient.get("id").asText());
        }
    }

    private static Map<String, Object> initialize() {
        return Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-11-25", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "raw", "version", "1")));
    }
}
