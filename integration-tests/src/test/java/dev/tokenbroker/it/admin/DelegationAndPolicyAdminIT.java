package dev.tokenbroker.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.opa.OpaDocument;
import dev.tokenbroker.emulators.opa.OpaEmulator;
import dev.tokenbroker.it.support.BrokerAdmin;
import dev.tokenbroker.it.support.BrokerAdminTest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;

/** A client's delegation settings and the realm's and an audience's policy, through the broker's admin REST. */
@BrokerAdminTest
@SuppressWarnings("unchecked")
class DelegationAndPolicyAdminIT {

    private final Realm acme;
    private final BrokerAdmin admin;

    DelegationAndPolicyAdminIT(Realm acme, BrokerAdmin admin) {
        this.acme = acme;
        this.admin = admin;
    }

    @Test
    void delegationSettingsAreReadAndChangedWithTheClientValidatorsChecks() {
        JsonNode gateway = admin.getJson("/clients/mcp-gateway/delegation");
        assertThat(gateway.get("settings").get("tokenbroker.delegation.enabled").asText()).isEqualTo("true");
        assertThat(gateway.get("settings").get("tokenbroker.delegation.allowed-actors").asText()).contains("claude-desktop");
        Map<String, String> original = Http.JSON.convertValue(admin.getJson("/clients/analytics-mcp/delegation").get("settings"), Map.class);

        Map<String, String> invalid = new LinkedHashMap<>(original);
        invalid.put("tokenbroker.delegation.max-lifetime", "0");
        invalid.put("tokenbroker.delegation.colour", "blue");
        Http.Response refused = admin.put("/clients/analytics-mcp/delegation", Map.of("settings", invalid));
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.json().get("fields").findValuesAsText("field")).containsExactly("tokenbroker.delegation.colour");
        invalid.remove("tokenbroker.delegation.colour");
        Http.Response lifetime = admin.put("/clients/analytics-mcp/delegation", Map.of("settings", invalid));
        assertThat(lifetime.json().get("fields").findValuesAsText("field")).containsExactly("tokenbroker.delegation.max-lifetime");
        assertThat(BrokerAdmin.realmUser(acme, "delegation-viewer", "view-realm").put("/clients/analytics-mcp/delegation",
                Map.of("settings", original)).status()).isEqualTo(403);

        Map<String, String> shorter = new LinkedHashMap<>(original);
        shorter.put("tokenbroker.delegation.max-lifetime", "120");
        try {
            assertThat(admin.put("/clients/analytics-mcp/delegation", Map.of("settings", shorter)).status()).isEqualTo(204);
            assertThat(acme.admin().client("analytics-mcp").get("attributes").get("tokenbroker.delegation.max-lifetime").asText())
                    .as("stored as the client attribute").isEqualTo("120");
            JsonNode event = acme.admin().getJson("/admin-events?resourcePath=token-broker/clients/analytics-mcp/delegation").get(0);
            assertThat(event.get("operationType").asText()).isEqualTo("UPDATE");
        } finally {
            admin.put("/clients/analytics-mcp/delegation", Map.of("settings", original));
        }
        assertThat(admin.getJson("/clients/analytics-mcp/delegation").get("settings").has("tokenbroker.delegation.max-lifetime")).isFalse();
        assertThat(admin.get("/clients/no-such-client/delegation").status()).isEqualTo(404);
    }

    @Test
    void anAudiencePolicyIsValidatedStoredAndDecidesTheDryRun() {
        Http.Response refused = admin.put("/policies/audiences/analytics-mcp", Map.of("engine", "builtin", "settings", Map.of("groups", "analysts")));
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.json().get("fields").findValuesAsText("field")).containsExactly("groups");
        assertThat(admin.put("/policies/realm", Map.of("engine", "opa", "settings", Map.of("opa.url", "http://10.1.2.3:8181"))).json()
                .get("fields").findValuesAsText("field")).containsExactly("opa.url");

        try {
            assertThat(admin.put("/policies/audiences/analytics-mcp", Map.of("engine", "builtin", "settings",
                    Map.of("agents", "cursor", "opa.token", "never-shown"))).status()).isEqualTo(204);
            JsonNode policy = admin.getJson("/policies/audiences/analytics-mcp");
            assertThat(policy.get("engine").asText()).isEqualTo("builtin");
            assertThat(policy.get("settings").get("agents").asText()).isEqualTo("cursor");
            assertThat(policy.get("settings").get("opa.token").asText()).isEqualTo("**********");
            assertThat(acme.admin().client("analytics-mcp").get("attributes").get("tokenbroker.policy.opa.token").asText())
                    .as("a masked value sent back keeps the stored one").isEqualTo("never-shown");

            JsonNode dryRun = admin.post("/dry-run", Map.of("user", "alice", "agent", "claude-desktop", "requestingClient", "mcp-gateway",
                    "target", "analytics-mcp")).json();
            assertThat(dryRun.get("decision").get("outcome").asText()).isEqualTo("deny");
            assertThat(dryRun.get("decision").get("engine").asText()).isEqualTo("builtin");
            assertThat(dryRun.get("decision").get("reason").asText()).contains("claude-desktop");
            assertThat(dryRun.get("refusal").get("error").asText()).isEqualTo("access_denied");
        } finally {
            assertThat(admin.put("/policies/audiences/analytics-mcp", Map.of("engine", "", "settings", Map.of())).status()).isEqualTo(204);
        }
        assertThat(acme.admin().client("analytics-mcp").get("attributes").has("tokenbroker.policy.engine")).isFalse();
        assertThat(admin.getJson("/policies/realm").has("engine")).isTrue();
    }

    @Test
    void testConnectionAsksOpaWithASampleInputAndNeverEchoesTheToken(Platforms platforms) {
        OpaEmulator opa = platforms.emulators().opa();
        opa.reconfigure(config -> config.withDocument("tokenbroker/exchange/decision", OpaDocument.allow()));
        int queriesBefore = opa.queries().size();

        Http.Response tested = admin.post("/policies/test-connection", Map.of("url", opa.url().toString(),
                "path", "tokenbroker/exchange/decision", "bearerToken", "opa-secret-token"));

        assertThat(tested.status()).as("%s", tested).isEqualTo(200);
        assertThat(tested.json().get("ok").asBoolean()).isTrue();
        assertThat(tested.json().get("latencyMs").asLong()).isNotNegative();
        assertThat(tested.body()).doesNotContain("opa-secret-token");
        // The queries this test caused, not the newest one: another test's delayed query may land after it.
        assertThat(opa.queries().subList(queriesBefore, opa.queries().size()))
                .filteredOn(query -> query.correlationId() != null && query.correlationId().startsWith("test-connection-"))
                .hasSize(1);

        Http.Response unreachable = admin.post("/policies/test-connection", Map.of("url", "http://127.0.0.1:9", "connectTimeoutMs", 200));
        assertThat(unreachable.json().get("ok").asBoolean()).isFalse();
        assertThat(unreachable.json().get("message").asText()).contains("OPA");
        Http.Response metadata = admin.post("/policies/test-connection", Map.of("url", "http://169.254.169.254"));
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.json().get("fields").findValuesAsText("field")).containsExactly("url");
        assertThat(BrokerAdmin.realmUser(acme, "policy-viewer", "view-realm").post("/policies/test-connection",
                Map.of("url", opa.url().toString())).status()).isEqualTo(403);
    }
}
