package dev.tokenbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditLineTest {

    private static RecordFacts facts(String error, List<String> actors, Map<String, String> details) {
        return new RecordFacts("corr-1", 1_796_000_000_000L, "acme", "alice-id", "sid-1", "127.0.0.1", error, 12, actors, details);
    }

    @Test
    void whenAChainIsRenderedThenItReadsInCallOrderWithToolAndTarget() {
        assertThat(AuditLine.chainText("alice", List.of("mcp-gateway", "claude-desktop"), "databricks_mcp.query", "databricks"))
                .isEqualTo("alice → claude-desktop → mcp-gateway → databricks_mcp.query → databricks");
        assertThat(AuditLine.chainText(null, List.of(), null, null)).isEqualTo("?");
    }

    @Test
    void whenAllowedThenTheLineCarriesEveryRecordedFact() {
        Map<String, Object> line = AuditLine.body(facts(null, List.of("claude-desktop"), Map.of("username", "alice", "act", "{\"sub\":\"claude-desktop\"}",
                "audience", "databricks", "flow", "federated", "upstream", "databricks", "upstream_latency_ms", "41",
                "upstream_assertion_id", "jti-9", "expires_in", "300", "policy_engine", "none", "policy_outcome", "allow")));

        assertThat(line).containsEntry("schema", AuditLine.SCHEMA).containsEntry("outcome", "allowed")
                .containsEntry("chain", "alice → claude-desktop → databricks").containsEntry("correlation_id", "corr-1");
        assertThat(line.get("upstream")).isEqualTo(Map.of("alias", "databricks", "latency_ms", 41L, "assertion_jti", "jti-9"));
        assertThat(line.get("granted")).isEqualTo(Map.of("expires_in", 300L));
        assertThat(line.get("time")).isEqualTo("2026-11-30T00:53:20Z");
    }

    @Test
    void whenRefusedBeforeRoutingThenOutcomeAndErrorAndNoTarget() {
        Map<String, Object> line = AuditLine.body(facts("invalid_request", List.of(), Map.of("reason", "subject_token is required")));

        assertThat(line).containsEntry("outcome", "refused").containsEntry("error", "invalid_request")
                .containsEntry("reason", "subject_token is required").containsEntry("target", null);
    }
}
