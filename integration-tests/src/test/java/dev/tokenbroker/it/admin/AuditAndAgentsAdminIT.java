package dev.tokenbroker.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.BrokerAdmin;
import dev.tokenbroker.it.support.BrokerAdminTest;
import dev.tokenbroker.it.support.FullAuditTrail;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Realm;

/** The audit page's and the agents page's REST: records read back from Keycloak's event store, agents with the kill switch. */
@BrokerAdminTest
class AuditAndAgentsAdminIT {

    static final String GATEWAY = "mcp-gateway";
    static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";
    static final String TOOL = "databricks_mcp.query";
    static final String TRUNCATED = FullAuditTrail.TRUNCATED_HEADER;
    static final String TOOL_DETAILS = "[{\"type\":\"tool_invocation\",\"tool\":\"" + TOOL + "\",\"server\":\"https://mcp.acme.test/analytics\"}]";

    private final Realm acme;
    private final BrokerAdmin admin;

    AuditAndAgentsAdminIT(Realm acme, BrokerAdmin admin) {
        this.acme = acme;
        this.admin = admin;
    }

    @Test
    void anExchangeIsFoundByUserAgentToolAndUpstreamWithItsChainAndNoTokenValue() {
        Http.Response exchanged = acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude()).audience("databricks")
                .param("authorization_details", TOOL_DETAILS).post();
        assertThat(exchanged.status()).as("%s", exchanged).isEqualTo(200);
        String correlationId = acme.admin().events("TOKEN_EXCHANGE").get(0).get("details").get("correlation_id").asText();

        JsonNode found = admin.getJson("/audit?user=alice&agent=claude-desktop&tool=" + TOOL + "&upstream=databricks&outcome=allowed&max=5");

        assertThat(found).isNotEmpty();
        JsonNode record = found.get(0);
        assertThat(record.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(record.get("chain").asText()).isEqualTo("alice → claude-desktop → databricks_mcp.query → databricks");
        assertThat(record.get("outcome").asText()).isEqualTo("allowed");
        assertThat(record.get("user").asText()).isEqualTo("alice");
        assertThat(record.get("agents").toString()).isEqualTo("[\"claude-desktop\"]");
        assertThat(record.get("requestingClient").asText()).isEqualTo(GATEWAY);
        assertThat(record.get("flow").asText()).isEqualTo("federated");
        assertThat(record.get("policyEngine").asText()).isNotBlank();
        assertThat(found.toString()).doesNotContain(exchanged.json().get("access_token").asText()).doesNotContain("eyJ");
        assertThat(admin.getJson("/audit?user=bob&tool=" + TOOL + "&upstream=databricks").findValuesAsText("correlationId"))
                .doesNotContain(correlationId);
        assertThat(admin.getJson("/audit?user=nobody-at-all")).isEmpty();
        JsonNode row = UpstreamAdminIT.byKey(admin.getJson("/upstreams"), "alias", "databricks");
        assertThat(row.get("recent").get("exchanges").asInt()).isPositive();
        assertThat(row.get("recent").get("allowed").asInt()).isPositive();
        assertThat(row.get("recent").get("lastAt").asText()).isNotBlank();
    }

    @Test
    void refusalsAreDeniedOrErrorAndPagesFollowEachOther() {
        admin.put("/suspensions/agents/chatgpt", Map.of("reason", "audit page check"));
        String viaChatgpt = acme.login("chatgpt", "alice", "alice").get("access_token").asText();
        assertThat(acme.exchange(GATEWAY, GATEWAY_SECRET).subject(viaChatgpt).audience("analytics-mcp").post().status()).isEqualTo(400);
        assertThat(acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude()).audience("databricks").scope("everything").post()
                .status()).isEqualTo(400);

        JsonNode denied = admin.getJson("/audit?agent=chatgpt&outcome=denied&max=1").get(0);
        assertThat(denied.get("error").asText()).isEqualTo("access_denied");
        assertThat(denied.get("policyEngine").asText()).isEqualTo("kill-switch");
        assertThat(denied.get("reason").asText()).contains("audit page check");
        JsonNode error = admin.getJson("/audit?upstream=databricks&outcome=error&max=1").get(0);
        assertThat(error.get("error").asText()).isEqualTo("invalid_scope");

        JsonNode two = admin.getJson("/audit?first=0&max=2");
        assertThat(two).hasSize(2);
        assertThat(admin.getJson("/audit?first=1&max=1").get(0).get("correlationId")).isEqualTo(two.get(1).get("correlationId"));
        assertThat(admin.get("/audit?max=0").status()).isEqualTo(400);
        assertThat(admin.get("/audit?outcome=maybe").status()).isEqualTo(400);
    }

    @Test
    void aPagingParameterThatIsNotANumberIsRefusedByName() {
        for (String parameter : new String[] {"first", "max"}) {
            Http.Response refused = admin.get("/audit?" + parameter + "=abc");

            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_field");
            assertThat(refused.json().get("fields").findValuesAsText("field")).containsExactly(parameter);
            assertThat(refused.json().get("fields").get(0).get("message").asText()).isEqualTo(parameter + " must be a whole number");
        }
    }

    @Test
    void aSearchSaysWhenTheBoundOnScannedRecordsMayHaveCutItShort() {
        // Two records of this test's own, so the page below is full whatever ran before it.
        for (int i = 0; i < 2; i++) {
            assertThat(acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post().status())
                    .isEqualTo(200);
        }
        Http.Response page = admin.get("/audit?first=0&max=2");
        assertThat(page.json()).as("a full page is complete").hasSize(2);
        assertThat(page.header(TRUNCATED)).isEqualTo("false");
        assertThat(page.header(FullAuditTrail.SCAN_LIMIT_HEADER)).isEqualTo(String.valueOf(FullAuditTrail.SCAN_BOUND));
        assertThat(admin.get("/audit?user=nobody-at-all").header(TRUNCATED)).isEqualTo("false");

        try (FullAuditTrail full = FullAuditTrail.create(acme, "audit-bound")) {
            BrokerAdmin boundedAdmin = BrokerAdmin.serverAdmin(full.realm());

            Http.Response unmatched = boundedAdmin.get("/audit?agent=claude-desktop");
            assertThat(unmatched.json()).isEmpty();
            assertThat(unmatched.header(TRUNCATED)).as("older records were never looked at").isEqualTo("true");
            assertThat(unmatched.header(FullAuditTrail.SCAN_LIMIT_HEADER)).isEqualTo(String.valueOf(FullAuditTrail.SCAN_BOUND));
            Http.Response newest = boundedAdmin.get("/audit?max=5");
            assertThat(newest.json()).hasSize(5);
            assertThat(newest.json().get(0).get("outcome").asText()).isEqualTo("error");
            assertThat(newest.header(TRUNCATED)).isEqualTo("false");
        }
    }

    @Test
    void agentsAreListedWithTheirSuspensionAndLastExchange() {
        acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post();
        admin.put("/suspensions/agents/cursor", Map.of("reason", "under review"));

        JsonNode agents = admin.getJson("/agents");

        assertThat(agents.findValuesAsText("clientId")).contains("claude-desktop", "chatgpt", "cursor", "research-agent")
                .doesNotContain("mcp-gateway", "warehouse-api");
        JsonNode claude = UpstreamAdminIT.byKey(agents, "clientId", "claude-desktop");
        assertThat(claude.get("suspended").asBoolean()).isFalse();
        assertThat(claude.get("lastExchangeAt").asText()).isNotBlank();
        JsonNode cursor = UpstreamAdminIT.byKey(agents, "clientId", "cursor");
        assertThat(cursor.get("suspended").asBoolean()).isTrue();
        assertThat(cursor.get("suspension").get("reason").asText()).isEqualTo("under review");
    }

    @Test
    void aViewOnlyAdminReadsTheTrailAndAgentsButCannotSuspend() {
        BrokerAdmin viewer = BrokerAdmin.realmUser(acme, "audit-viewer", "view-realm");

        assertThat(viewer.get("/audit").status()).isEqualTo(200);
        assertThat(viewer.get("/agents").status()).isEqualTo(200);
        assertThat(viewer.put("/suspensions/agents/cursor", Map.of("reason", "x")).status()).isEqualTo(403);
        assertThat(BrokerAdmin.anonymous(acme).get("/audit").status()).isEqualTo(401);
    }
}
