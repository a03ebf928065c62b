package dev.tokenbroker.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The records whose lines {@link AuditLineTest} pins byte for byte. */
final class AuditLineGoldenFixtures {

    private AuditLineGoldenFixtures() {
    }

    /** Every field of the schema has a value: two actors, a tool, an upstream, a policy decision with its id. */
    static RecordFacts fullyPopulated() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("reason", "delegated within policy");
        d.put("username", "alice");
        d.put("act", "{\"sub\":\"mcp-gateway\",\"act\":{\"sub\":\"claude-desktop\"}}");
        d.put("actor", "mcp-gateway");
        d.put("actor_type", "client");
        d.put("actor_id", "f9e14dbc-0000-4000-8000-000000000001");
        d.put("requesting_client", "mcp-gateway");
        d.put("tool", "databricks_mcp.query");
        d.put("audience", "databricks");
        d.put("target_type", "databricks");
        d.put("flow", "federated");
        d.put("policy_engine", "opa");
        d.put("policy_outcome", "allow");
        d.put("policy_reason", "agent may query for alice");
        d.put("policy_decision_id", "dec-42");
        d.put("scope", "all-apis sql");
        d.put("expires_in", "298");
        d.put("token_id", "onrtac:7f3a");
        d.put("upstream", "databricks");
        d.put("upstream_provider", "databricks");
        d.put("upstream_outcome", "issued");
        d.put("upstream_latency_ms", "41");
        d.put("upstream_cache", "miss");
        d.put("upstream_assertion_id", "8d0c-jti");
        d.put("upstream_lifetime_note", "capped at 300 s by the platform");
        return new RecordFacts("corr-1", 1_796_000_000_123L, "acme", "c92087e5-user", "sid-1", "127.0.0.1", null, 55,
                List.of("mcp-gateway", "claude-desktop"), d);
    }

    /** Refused before routing: no user, no actors, no session, no target; only the error and its reason. */
    static RecordFacts refusedBeforeRouting() {
        return new RecordFacts("corr-2", 1_796_000_000_000L, "acme", null, null, "10.0.0.7", "invalid_request", 3,
                List.of(), Map.of("reason", "subject_token is required"));
    }

    /** Values that JSON must escape, and non-ASCII that it must not; numbers that are not numbers. */
    static RecordFacts needingEscapes() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("username", "J\u00fcrgen \"the admin\"");
        d.put("reason", "path C:\\tmp\\x\nline two\ttab \u0001\u001f\u007f end \u2192 / \u2028 \ud83d\ude00");
        d.put("tool", "weird\\tool\"name");
        d.put("audience", "d\u00fcsseldorf");
        d.put("policy_engine", "built-in");
        d.put("expires_in", "not-a-number");
        d.put("upstream", "snow\u00ebflake");
        d.put("upstream_latency_ms", "12.5");
        return new RecordFacts("corr-\"3\"", 0L, "r\u00e9alm", "u-3", "sid-3", null, "access_denied", 0,
                List.of("agent \"one\""), d);
    }
}
