package dev.tokenbroker.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * The SIEM copy of an exchange's record: one JSON object per line on the log category
 * {@value #CATEGORY}, schema {@value #SCHEMA} (documented in README, mapped to OCSF API Activity).
 * Built from the same details as the Keycloak event, so the two never disagree; joined with it and
 * with platform logs by {@code correlation_id}, {@code token_id} and {@code assertion_jti}.
 *
 * <p>Tokens never reach the details; as a second line of defence anything shaped like a JWT is
 * replaced before the line is written.
 */
public final class AuditLine {

    public static final String CATEGORY = "dev.tokenbroker.audit";
    public static final String SCHEMA = "tokenbroker.audit/1";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?");

    private AuditLine() {
    }

    /** Writes the line for a finished exchange. */
    public static void write(RecordFacts facts) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        try {
            LOG.info(line(facts));
        } catch (IOException e) {
            LOG.warnf("audit line for %s could not be written: %s", facts.correlationId(), e.getClass().getSimpleName());
        }
    }

    static String line(RecordFacts facts) throws IOException {
        return JWT_LIKE.matcher(JsonSerialization.writeValueAsString(body(facts))).replaceAll("[redacted]");
    }

    static Map<String, Object> body(RecordFacts facts) {
        Map<String, String> d = facts.details();
        List<String> actors = facts.actorChain();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("schema", SCHEMA);
        line.put("time", Instant.ofEpochMilli(facts.timeMillis()).toString());
        line.put("correlation_id", facts.correlationId());
        line.put("realm", facts.realmName());
        line.put("outcome", facts.error() == null ? "allowed" : "refused");
        line.put("error", facts.error());
        line.put("reason", d.get("reason"));
        line.put("chain", chainText(d.get("username") != null ? d.get("username") : facts.userId(), actors, d.get("tool"), d.get("audience")));
        line.put("user", object("id", facts.userId(), "username", d.get("username")));
        line.put("actor_chain", actors);
        line.put("actor", object("subject", d.get("actor"), "type", d.get("actor_type"), "id", d.get("actor_id")));
        line.put("requesting_client", d.get("requesting_client"));
        line.put("tool", d.get("tool"));
        line.put("target", object("name", d.get("audience"), "type", d.get("target_type")));
        line.put("flow", d.get("flow"));
        line.put("decision", object("engine", d.get("policy_engine"), "outcome", d.get("policy_outcome"),
                "reason", d.get("policy_reason"), "decision_id", d.get("policy_decision_id")));
        line.put("granted", object("scope", d.get("scope"), "expires_in", number(d.get("expires_in"))));
        line.put("token_id", d.get("token_id"));
        line.put("upstream", object("alias", d.get("upstream"), "provider", d.get("upstream_provider"),
                "outcome", d.get("upstream_outcome"), "latency_ms", number(d.get("upstream_latency_ms")),
                "cache", d.get("upstream_cache"), "assertion_jti", d.get("upstream_assertion_id"),
                "lifetime_note", d.get("upstream_lifetime_note")));
        line.put("client_address", facts.ipAddress());
        line.put("session_id", facts.sessionId());
        line.put("duration_ms", facts.durationMillis());
        return line;
    }

    /** {@code alice → claude-desktop → databricks_mcp.query → databricks}: least recent actor first, as the call went. */
    public static String chainText(String user, List<String> actorsCurrentFirst, String tool, String target) {
        List<String> hops = new ArrayList<>();
        hops.add(user == null ? "?" : user);
        for (int i = actorsCurrentFirst.size() - 1; i >= 0; i--) {
            hops.add(actorsCurrentFirst.get(i));
        }
        if (tool != null) {
            hops.add(tool);
        }
        if (target != null) {
            hops.add(target);
        }
        return String.join(" → ", hops);
    }

    private static Map<String, Object> object(Object... keyValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                object.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return object.isEmpty() ? null : object;
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
