package dev.tokenbroker.it.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.FreePorts;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.QueryParams;
import dev.tokenbroker.it.support.Realm;

/**
 * The README's Claude Desktop entry, run: {@code mcp-remote} (the bridge Claude Desktop launches)
 * with the snippet's arguments signs alice in at the realm as the pre-registered {@code claude-desktop}
 * (the login form driven over HTTP where a browser would be), and a host talking JSON-RPC over its
 * stdio reaches the platforms through the gateway as alice. Claude Desktop itself is not run.
 */
@McpGateway
class McpRemoteBridgeIT {

    private static final String CLAUDE_DESKTOP = "claude-desktop";

    private final Realm acme;
    private final GatewayUnderTest gateway;

    McpRemoteBridgeIT(Realm acme, GatewayUnderTest gateway) {
        this.acme = acme;
        this.gateway = gateway;
    }

    @Test
    void theReadmesClaudeDesktopBridgeSignsAliceInAndReachesThePlatformsAsHer(Platforms platforms) {
        ClaudeDesktopConfig config = ClaudeDesktopConfig.fromReadme();
        assertThat(config.command()).isEqualTo("npx");
        assertThat(config.args().subList(0, 2)).containsExactly("-y", "mcp-remote@" + McpRemoteBridge.installedVersion());
        int callbackPort = FreePorts.pick();

        McpRemoteBridge bridge = McpRemoteBridge.launch(config.mcpRemoteArguments(gateway.resource(), callbackPort));
        try (bridge) {
            URI authorization = bridge.awaitAuthorizationUrl();
            Map<String, String> asked = QueryParams.of(authorization);
            assertThat(authorization.toString()).startsWith(acme.oidc("auth").toString());
            assertThat(asked).containsEntry("client_id", CLAUDE_DESKTOP)
                    .containsEntry("response_type", "code")
                    .containsEntry("redirect_uri", "http://localhost:" + callbackPort + "/oauth/callback")
                    .containsEntry("resource", gateway.resource().toString())
                    // The scope the gateway names, plus a refresh that outlives the session (the realm
                    // grants claude-desktop offline_access as an optional scope, and asks no consent).
                    .containsEntry("scope", "mcp:tools offline_access")
                    .containsEntry("prompt", "consent")
                    .containsEntry("code_challenge_method", "S256")
                    .containsKeys("code_challenge", "state");

            URI back = acme.signInAt(authorization, "alice", "alice");
            assertThat(back.getPath()).isEqualTo("/oauth/callback");
            assertThat(QueryParams.of(back)).containsEntry("state", asked.get("state")).containsKey("code");
            Http.Response callback = new Http().get(back);
            assertThat(callback.status()).as("%s", callback).isEqualTo(200);

            JsonNode initialized = bridge.request("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "claude-ai", "version", "0.1.0")));
            assertThat(initialized.at("/result/protocolVersion").asText()).as("%s", initialized).isEqualTo("2025-11-25");
            assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("tokenbroker-mcp-gateway");
            bridge.notify("notifications/initialized");

            JsonNode tools = bridge.request("tools/list", Map.of());
            assertThat(tools.at("/result/tools")).as("%s", tools).extracting(tool -> tool.path("name").asText())
                    .containsExactlyInAnyOrder("databricks_query", "snowflake_query", "aws_whoami", "gcp_whoami", "corporate_whoami");

            JsonNode aws = bridge.request("tools/call", Map.of("name", "aws_whoami", "arguments", Map.of()));
            assertThat(aws.at("/result/isError").asBoolean()).as("%s", aws).isFalse();
            assertThat(aws.at("/result/structuredContent/Arn").asText())
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/acme-analyst/alice+claude-desktop");
            assertActingForAlice(PlatformCalls.lastToken(platforms.emulators().awsSts().received()));

            JsonNode databricks = bridge.request("tools/call", Map.of("name", "databricks_query",
                    "arguments", Map.of("sql", "SELECT current_user()")));
            assertThat(databricks.at("/result/isError").asBoolean()).as("%s", databricks).isFalse();
            assertThat(databricks.at("/result/structuredContent/rows").toString()).isEqualTo("[[\"alice@acme.test\"]]");
            assertActingForAlice(PlatformCalls.lastToken(platforms.emulators().databricks().received()));

            // What the bridge sends the gateway: alice's token from claude-desktop, addressed to the gateway's URI.
            JsonNode token = bridge.storedTokenClaims("access_token");
            assertThat(token.get("aud").toString()).contains(gateway.resource().toString());
            assertThat(token.get("azp").asText()).isEqualTo(CLAUDE_DESKTOP);
            assertThat(token.get("preferred_username").asText()).isEqualTo("alice");
            assertThat(bridge.storedTokenClaims("refresh_token").get("typ").asText()).isEqualTo("Offline");

            JsonNode record = acme.admin().events("TOKEN_EXCHANGE").get(0).path("details");
            assertThat(record.path("tool").asText()).isEqualTo("databricks_query");
            assertThat(record.path("actor").asText()).isEqualTo(CLAUDE_DESKTOP);

            // It did try to open a browser, and only the stand-in was there to take the URL (re-encoded
            // by mcp-remote's sanitiser, the same request).
            assertThat(bridge.opened()).hasSize(1);
            assertThat(QueryParams.of(URI.create(bridge.opened().get(0)))).isEqualTo(asked);
        }
        assertThat(bridge.processTree()).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    /** A platform saw a token of the realm for alice, obtained by the gateway, with Claude as the actor. */
    private static void assertActingForAlice(JWTClaimsSet seen) {
        assertThat(seen.getSubject()).isEqualTo("alice@acme.test");
        assertThat(seen.getClaim("act").toString()).contains(CLAUDE_DESKTOP);
        assertThat(seen.getClaim("client_id")).isEqualTo("mcp-gateway");
    }
}
