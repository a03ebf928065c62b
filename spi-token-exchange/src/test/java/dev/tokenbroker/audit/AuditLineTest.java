package dev.tokenbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.JsonNode;

class AuditLineTest {

    // Golden lines, captured from the Map-and-ObjectMapper implementation this class replaced: a SIEM
    // parser keyed on today's bytes (field order, omissions, escaping) must see no difference.
    private static final String FULL_LINE =
            "{\"schema\":\"tokenbroker.audit/1\",\"time\":\"2026-11-30T00:53:20.123Z\"" +
            ",\"correlation_id\":\"corr-1\",\"realm\":\"acme\",\"outcome\":\"allowed\"" +
            ",\"reason\":\"delegated within policy\"" +
            ",\"chain\":\"alice → claude-desktop → mcp-gateway → databricks_mcp.query → databricks\"" +
            ",\"user\":{\"id\":\"c92087e5-user\",\"username\":\"alice\"}" +
            ",\"actor_chain\":[\"mcp-gateway\",\"claude-desktop\"]" +
            ",\"actor\":{\"subject\":\"mcp-gateway\",\"type\":\"client\"" +
            ",\"id\":\"f9e14dbc-0000-4000-8000-000000000001\"},\"requesting_client\":\"mcp-gateway\"" +
            ",\"tool\":\"databricks_mcp.query\",\"target\":{\"name\":\"databricks\"" +
            ",\"type\":\"databricks\"},\"flow\":\"federated\",\"decision\":{\"engine\":\"opa\"" +
            ",\"outcome\":\"allow\",\"reason\":\"agent may query for alice\"" +
            ",\"decision_id\":\"dec-42\"},\"granted\":{\"scope\":\"all-apis sql\",\"expires_in\":298}" +
            ",\"token_id\":\"onrtac:7f3a\",\"upstream\":{\"alias\":\"databricks\"" +
            ",\"provider\":\"databricks\",\"outcome\":\"issued\",\"latency_ms\":41,\"cache\":\"miss\"" +
            ",\"assertion_jti\":\"8d0c-jti\",\"lifetime_note\":\"capped at 300 s by the platform\"}" +
            ",\"client_address\":\"127.0.0.1\",\"session_id\":\"sid-1\",\"duration_ms\":55}";

    private static final String REFUSED_LINE =
            "{\"schema\":\"tokenbroker.audit/1\",\"time\":\"2026-11-30T00:53:20Z\"" +
            ",\"correlation_id\":\"corr-2\",\"realm\":\"acme\",\"outcome\":\"refused\"" +
            ",\"error\":\"invalid_request\",\"reason\":\"subject_token is required\",\"chain\":\"?\"" +
            ",\"actor_chain\":[],\"client_address\":\"10.0.0.7\",\"duration_ms\":3}";

    private static final String ESCAPES_LINE =
            "{\"schema\":\"tokenbroker.audit/1\",\"time\":\"1970-01-01T00:00:00Z\"" +
            ",\"correlation_id\":\"corr-\\\"3\\\"\",\"realm\":\"réalm\",\"outcome\":\"refused\"" +
            ",\"error\":\"access_denied\"" +
            ",\"reason\":\"path C:\\\\tmp\\\\x\\nline two\\ttab \\u0001\\u001F\u007f end → / \u2028 \ud83d\ude00\"" +
            ",\"chain\":\"Jürgen \\\"the admin\\\" → agent \\\"one\\\" → weird\\\\tool\\\"name → düsseldorf\"" +
            ",\"user\":{\"id\":\"u-3\",\"username\":\"Jürgen \\\"the admin\\\"\"}" +
            ",\"actor_chain\":[\"agent \\\"one\\\"\"],\"tool\":\"weird\\\\tool\\\"name\"" +
            ",\"target\":{\"name\":\"düsseldorf\"},\"decision\":{\"engine\":\"built-in\"}" +
            ",\"upstream\":{\"alias\":\"snowëflake\"},\"session_id\":\"sid-3\",\"duration_ms\":0}";

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private static RecordFacts facts(String error, List<String> actors, Map<String, String> details) {
        return new RecordFacts("corr-1", 1_796_000_000_000L, "acme", "alice-id", "sid-1", "127.0.0.1", error, 12, actors, details);
    }

    private static JsonNode parsed(RecordFacts facts) throws IOException {
        return JsonSerialization.mapper.readTree(AuditLine.line(facts));
    }

    @Test
    void whenAChainIsRenderedThenItReadsInCallOrderWithToolAndTarget() {
        assertThat(AuditLine.chainText("alice", List.of("mcp-gateway", "claude-desktop"), "databricks_mcp.query", "databricks"))
                .isEqualTo("alice → claude-desktop → mcp-gateway → databricks_mcp.query → databricks");
        assertThat(AuditLine.chainText(null, List.of(), null, null)).isEqualTo("?");
    }

    @Test
    void whenEveryFieldHasAValueThenTheLineIsByteForByteTheGoldenOne() throws IOException {
        assertThat(AuditLine.line(AuditLineGoldenFixtures.fullyPopulated())).isEqualTo(FULL_LINE);
    }

    @Test
    void whenRefusedBeforeRoutingThenTheLineIsByteForByteTheGoldenOne() throws IOException {
        assertThat(AuditLine.line(AuditLineGoldenFixtures.refusedBeforeRouting())).isEqualTo(REFUSED_LINE);
    }

    @Test
    void whenValuesNeedEscapingThenTheLineIsByteForByteTheGoldenOne() throws IOException {
        assertThat(AuditLine.line(AuditLineGoldenFixtures.needingEscapes())).isEqualTo(ESCAPES_LINE);
    }

    @Test
    void whenAllowedThenTheLineCarriesEveryRecordedFact() throws IOException {
        JsonNode line = parsed(facts(null, List.of("claude-desktop"), Map.of("username", "alice", "act", "{\"sub\":\"claude-desktop\"}",
                "audience", "databricks", "flow", "federated", "upstream", "databricks", "upstream_latency_ms", "41",
                "upstream_assertion_id", "jti-9", "expires_in", "300", "policy_engine", "none", "policy_outcome", "allow")));

        assertThat(line.path("schema").asText()).isEqualTo(AuditLine.SCHEMA);
        assertThat(line.path("outcome").asText()).isEqualTo("allowed");
        assertThat(line.has("error")).isFalse();
        assertThat(line.path("chain").asText()).isEqualTo("alice → claude-desktop → databricks");
        assertThat(line.path("correlation_id").asText()).isEqualTo("corr-1");
        assertThat(line.path("upstream")).isEqualTo(JsonSerialization.mapper.valueToTree(
                Map.of("alias", "databricks", "latency_ms", 41, "assertion_jti", "jti-9")));
        assertThat(line.path("granted")).isEqualTo(JsonSerialization.mapper.valueToTree(Map.of("expires_in", 300)));
        assertThat(line.path("time").asText()).isEqualTo("2026-11-30T00:53:20Z");
        assertThat(line.has("act")).isFalse();
    }

    @Test
    void whenRefusedBeforeRoutingThenOutcomeAndErrorAndNoTarget() throws IOException {
        JsonNode line = parsed(facts("invalid_request", List.of(), Map.of("reason", "subject_token is required")));

        assertThat(line.path("outcome").asText()).isEqualTo("refused");
        assertThat(line.path("error").asText()).isEqualTo("invalid_request");
        assertThat(line.path("reason").asText()).isEqualTo("subject_token is required");
        assertThat(line.has("target")).isFalse();
        assertThat(line.has("upstream")).isFalse();
    }

    @Test
    void whenADetailHoldsAJwtThenEveryCopyOfItIsRedacted() throws IOException {
        String line = AuditLine.line(facts("invalid_grant", List.of(), Map.of("username", JWT,
                "reason", "upstream said: " + JWT + " was rejected", "upstream_lifetime_note", "eyJhbGciOi.eyJzdWIi")));

        assertThat(line).doesNotContain("eyJ").contains("\"reason\":\"upstream said: [redacted] was rejected\"")
                .contains("\"chain\":\"[redacted]\"").contains("\"username\":\"[redacted]\"")
                .contains("\"lifetime_note\":\"[redacted]\"");
    }

    @Test
    void whenEyJIsNotFollowedByAJwtShapeThenTheLineIsUntouched() throws IOException {
        String line = AuditLine.line(facts(null, List.of(), Map.of("reason", "eyJ alone, eyJab.x too short")));

        assertThat(line).contains("\"reason\":\"eyJ alone, eyJab.x too short\"").doesNotContain("[redacted]");
    }
}
