package dev.tokenbroker.it.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tokenbroker.it.support.BrowserScript;
import dev.tokenbroker.it.support.FreePorts;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;

/**
 * The MCP Inspector's web UI, as README tells a user to run it: {@code mcp-inspector --web --config
 * mcp-gateway/inspector.json} (the realm's pre-registered public client {@code mcp-inspector}), the
 * page in headless Chromium, alice signed in on Keycloak's own login page, a tool run. The realm
 * registers the Inspector's callback on its default port 6274; the test runs it on a free port and
 * points the client's redirect URIs there for the duration. Screenshots: target/inspector-screenshots/.
 */
@McpGateway
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpInspectorIT {

    private static final Path DIR = Path.of(System.getProperty("mcp.inspector.dir", "../mcp-gateway/src/test/inspector"));
    private static final Path CONFIG = Path.of(System.getProperty("mcp.inspector.config", "../mcp-gateway/inspector.json"));
    private static final Path SHOTS = Path.of(System.getProperty("mcp.inspector.screenshots", "target/inspector-screenshots"));
    private static final String CLIENT = "mcp-inspector";

    private final GatewayUnderTest gateway;
    private final Realm acme;
    private JsonNode redirectUrisBefore;

    McpInspectorIT(Realm acme, GatewayUnderTest gateway) {
        this.acme = acme;
        this.gateway = gateway;
    }

    @AfterAll
    void restoreRedirectUris() {
        if (redirectUrisBefore != null) {
            ObjectNode client = acme.admin().client(CLIENT);
            client.set("redirectUris", redirectUrisBefore);
            acme.admin().updateClient(client);
        }
    }

    @Test
    void theInspectorSignsAliceInWithItsPreRegisteredClientAndRunsATool(Platforms platforms) throws Exception {
        assumeTrue(Files.isExecutable(BrowserScript.CHROMIUM),
                "no Chromium at " + BrowserScript.CHROMIUM + ": scripts/test-prerequisites.sh installs Debian's chromium (or apt-get install chromium)");
        int port = FreePorts.pick();
        pointRedirectsAt(port);
        Path config = SHOTS.resolveSibling("inspector-config.json");
        Files.createDirectories(config.getParent());
        // The shipped file, with the gateway's URI of this test instead of the demo's.
        Files.writeString(config, Files.readString(CONFIG).replace(GatewayUnderTest.DEMO_RESOURCE, gateway.resource().toString()));

        BrowserScript.Run run = inspectorScript().run(SHOTS, Map.of(
                "CONFIG", config.toAbsolutePath().toString(),
                "SERVER", "acme-data",
                "INSPECTOR_PORT", Integer.toString(port),
                "SANDBOX_PORT", Integer.toString(FreePorts.pick()),
                "APP_ORIGIN_PORT", Integer.toString(FreePorts.pick()),
                "KC_URL", acme.issuer().toString(),
                "USERNAME", "alice",
                "PASSWORD", "alice",
                "TOOL", "aws_whoami",
                "EXPECT", "assumed-role/acme-analyst/alice+mcp-inspector"));

        assertThat(run.detail("server-list")).contains("acme-data", gateway.resource().toString());
        assertThat(run.detail("keycloak-login-page")).isEqualTo(acme.oidc("auth").toString());
        assertThat(run.detail("signed-in-and-connected")).as("connected: " + run).isNotBlank();
        assertThat(run.detail("tools-listed")).contains("databricks_query", "snowflake_query", "aws_whoami", "gcp_whoami",
                "corporate_whoami");
        assertThat(run.detail("tool-called")).contains("arn:aws:sts::123456789012:assumed-role/acme-analyst/alice+mcp-inspector");

        // The authorization request the browser was sent to (code challenge and state left out).
        JsonNode authorization = run.field("authorizationRequest");
        assertThat(authorization.path("client_id").asText()).isEqualTo(CLIENT);
        assertThat(authorization.path("redirect_uri").asText()).isEqualTo("http://127.0.0.1:" + port + "/oauth/callback");
        assertThat(authorization.path("code_challenge_method").asText()).isEqualTo("S256");
        assertThat(authorization.path("resource").asText()).isEqualTo(gateway.resource().toString());
        assertThat(authorization.path("scope").asText()).contains("mcp:tools");
        // The page itself only shows Keycloak's login page: discovery, registration and the token
        // request go through the Inspector's backend, so no CORS is needed at Keycloak.
        List<String> fromThePage = run.texts("browserCalls");
        assertThat(fromThePage).isNotEmpty().noneMatch(call -> call.contains("/clients-registrations/")
                || call.endsWith("/protocol/openid-connect/token") || call.contains("/.well-known/"));

        JWTClaimsSet assertion = platforms.emulators().awsSts().received().stream()
                .filter(r -> r.token().isPresent() && r.token().get().claims() != null)
                .reduce((first, second) -> second).orElseThrow().token().orElseThrow().claims();
        assertThat(assertion.getSubject()).isEqualTo("alice@acme.test");
        assertThat(assertion.getClaim("act").toString()).contains(CLIENT);
        JsonNode record = acme.admin().events("TOKEN_EXCHANGE").get(0).path("details");
        assertThat(record.path("tool").asText()).isEqualTo("aws_whoami");
        assertThat(record.path("actor").asText()).isEqualTo(CLIENT);
        assertThat(run.steps()).hasSize(6);
        for (JsonNode step : run.steps()) {
            if (!step.path("name").asText().equals("inspector-started")) {
                assertThat(SHOTS.resolve(step.path("screenshot").asText())).as("screenshot of " + step.path("name")).exists();
            }
        }
    }

    /**
     * {@code inspector-e2e.mjs} beside the MCP Inspector (npm {@code @modelcontextprotocol/inspector},
     * installed by the build with {@code npm ci}), under the Node 22 from the npm package {@code node}
     * there: the Inspector refuses anything older than 22.19 by its engines field, and the system's
     * Node 20 stays the build's.
     */
    private static BrowserScript inspectorScript() {
        Path node = DIR.resolve("node_modules/.bin/node").toAbsolutePath();
        if (!Files.isExecutable(node)) {
            throw new AssertionError("no Node 22 at " + node + ": the build installs it with `npm ci` in " + DIR);
        }
        return new BrowserScript("Inspector", node, DIR.resolve("inspector-e2e.mjs"), Duration.ofMinutes(4));
    }

    private void pointRedirectsAt(int port) {
        ObjectNode client = acme.admin().client(CLIENT);
        redirectUrisBefore = client.get("redirectUris").deepCopy();
        ArrayNode redirects = client.putArray("redirectUris");
        redirects.add("http://localhost:" + port + "/oauth/callback");
        redirects.add("http://127.0.0.1:" + port + "/oauth/callback");
        acme.admin().updateClient(client);
    }
}
