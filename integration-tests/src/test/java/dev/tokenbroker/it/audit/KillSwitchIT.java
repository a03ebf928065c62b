package dev.tokenbroker.it.audit;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/**
 * The kill switch over admin REST: an agent suspended for every user at once (without disabling the
 * client), or a user across every agent; each refusal is access_denied with the reason and a record.
 */
@RealKeycloak
class KillSwitchIT {

    private static final String GATEWAY = "mcp-gateway";
    private static final String SECRET = "demo-mcp-gateway-secret";
    private static final String SUSPENSIONS = "/token-broker/suspensions";

    private Realm acme;

    @BeforeEach
    void remember(Realm acme, Platforms platforms) {
        this.acme = acme;
        platforms.emulators().resetAll();
    }

    @AfterEach
    void liftEverything() {
        acme.admin().liftSuspensions();
    }

    @Test
    void aSuspendedAgentIsRefusedForEveryUserAndEveryTargetUntilLifted(Platforms platforms) {
        String alice = acme.aliceViaClaude();
        assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(alice).audience("databricks").post());

        Http.Response suspend = acme.admin().put(SUSPENSIONS + "/agents/claude-desktop", Map.of("reason", "incident 42"));
        assertThat(suspend.status()).isEqualTo(204);

        int callsBefore = platforms.emulators().databricks().received().size();
        for (String target : new String[] {"analytics-mcp", "databricks"}) {
            Http.Response refused = acme.exchange(GATEWAY, SECRET).subject(alice).audience(target).post();
            assertOAuthError(refused, 400, "access_denied");
            assertThat(refused.json().get("error_description").asText()).contains("agent 'claude-desktop' is suspended", "incident 42");
        }
        Http.Response bob = acme.exchange(GATEWAY, SECRET).subject(acme.login("claude-desktop", "bob", "bob").get("access_token").asText())
                .audience("analytics-mcp").post();
        assertOAuthError(bob, 400, "access_denied");
        assertThat(platforms.emulators().databricks().received()).as("no platform call, not even from the cache's refill").hasSize(callsBefore);
        JsonNode record = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);
        assertThat(record.get("error").asText()).isEqualTo("access_denied");
        assertThat(record.path("details").path("policy_engine").asText()).isEqualTo("kill-switch");
        assertThat(acme.admin().client("claude-desktop").get("enabled").asBoolean()).as("the client itself stays enabled").isTrue();

        assertThat(acme.admin().delete(SUSPENSIONS + "/agents/claude-desktop").status()).isEqualTo(204);
        assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(alice).audience("analytics-mcp").post());
    }

    @Test
    void aSuspendedAgentCannotActFurtherDownAChain() {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        acme.admin().put(SUSPENSIONS + "/agents/claude-desktop", Map.of("reason", "compromised"));

        Http.Response refused = acme.exchange("analytics-mcp", "demo-analytics-mcp-secret").subject(delegated).audience("warehouse-api").post();

        assertOAuthError(refused, 400, "access_denied");
    }

    @Test
    void aSuspendedUserIsRefusedThroughEveryAgentWhileOthersGoOn() {
        String aliceId = acme.admin().user("alice").get("id").asText();
        assertThat(acme.admin().put(SUSPENSIONS + "/users/" + aliceId, Map.of("reason", "left the company")).status()).isEqualTo(204);

        for (String agent : new String[] {"claude-desktop", "cursor"}) {
            String alice = acme.login(agent, "alice", "alice").get("access_token").asText();
            Http.Response refused = acme.exchange(GATEWAY, SECRET).subject(alice).audience("analytics-mcp").post();
            assertOAuthError(refused, 400, "access_denied");
            assertThat(refused.json().get("error_description").asText()).contains("user 'alice' is suspended", "left the company");
        }
        String bob = acme.login("claude-desktop", "bob", "bob").get("access_token").asText();
        assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(bob).audience("analytics-mcp").post());
    }

    @Test
    void suspensionsAreListedAndChangesNeedAnAdmin() {
        acme.admin().put(SUSPENSIONS + "/agents/cursor", Map.of("reason", "review"));

        JsonNode listed = acme.admin().getJson(SUSPENSIONS);

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("kind").asText()).isEqualTo("agent");
        assertThat(listed.get(0).get("subject").asText()).isEqualTo("cursor");
        assertThat(listed.get(0).get("by").asText()).isEqualTo("admin");
        Http.Response anonymous = new Http().sendJson("PUT", acme.server().baseUri().resolve("/admin/realms/acme" + SUSPENSIONS + "/agents/chatgpt"),
                Map.of("reason", "x"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(acme.admin().put(SUSPENSIONS + "/agents/no-such-client", Map.of("reason", "x")).status()).isEqualTo(404);
        assertThat(acme.admin().put(SUSPENSIONS + "/agents/chatgpt", Map.of("reason", " ")).status()).isEqualTo(400);
    }
}
