package dev.tokenbroker.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The SIEM copy of an exchange's record: one JSON object per line on the log category
 * {@value #CATEGORY}, schema {@value #SCHEMA} (documented in README, mapped to OCSF API Activity).
 * Built from the same details as the Keycloak event, so the two never disagree; joined with it and
 * with platform logs by {@code correlation_id}, {@code token_id} and {@code assertion_jti}.
 *
 * <p>The line is streamed field by field rather than built as a map and serialized: it is written on
 * every exchange, and the bytes are the same as Keycloak's mapper wrote from the map (fields without
 * a value left out, an object left out when none of its fields has one).
 *
 * <p>Tokens never reach the details; as a second line of defence anything shaped like a JWT is
 * replaced before the line is written.
 */
public final class AuditLine {

    public static final String CATEGORY = "dev.tokenbroker.audit";
    public static final String SCHEMA = "tokenbroker.audit/1";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final String JWT_START = "eyJ";
    private static final Pattern JWT_LIKE = Pattern.compile(JWT_START + "[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?");
    // Keycloak's own factory, so escaping and generator features stay those of JsonSerialization.
    private static final JsonFactory JSON = JsonSerialization.mapper.getFactory();

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
        String json = json(facts);
        // Every JWT starts with eyJ (base64 of '{"'): without it the regex cannot match, so skip the scan.
        return json.indexOf(JWT_START) < 0 ? json : JWT_LIKE.matcher(json).replaceAll("[redacted]");
    }

    private static String json(RecordFacts facts) throws IOException {
        Map<String, String> d = facts.details();
        List<String> actors = facts.actorChain();
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("time", Instant.ofEpochMilli(facts.timeMillis()).toString());
            field(g, "correlation_id", facts.correlationId());
            field(g, "realm", facts.realmName());
            g.writeStringField("outcome", facts.error() == null ? "allowed" : "refused");
            field(g, "error", facts.error());
            field(g, "reason", d.get("reason"));
            g.writeStringField("chain", chainText(d.get("username") != null ? d.get("username") : facts.userId(), actors,
                    d.get("tool"), d.get("audience")));
            object(g, "user", "id", facts.userId(), "username", d.get("username"));
            g.writeArrayFieldStart("actor_chain");
            for (String actor : actors) {
                g.writeString(actor);
            }
            g.writeEndArray();
            object(g, "actor", "subject", d.get("actor"), "type", d.get("actor_type"), "id", d.get("actor_id"));
            field(g, "requesting_client", d.get("requesting_client"));
            field(g, "tool", d.get("tool"));
            object(g, "target", "name", d.get("audience"), "type", d.get("target_type"));
            field(g, "flow", d.get("flow"));
            object(g, "decision", "engine", d.get("policy_engine"), "outcome", d.get("policy_outcome"),
                    "reason", d.get("policy_reason"), "decision_id", d.get("policy_decision_id"));
            object(g, "granted", "scope", d.get("scope"), "expires_in", number(d.get("expires_in")));
            field(g, "token_id", d.get("token_id"));
            object(g, "upstream", "alias", d.get("upstream"), "provider", d.get("upstream_provider"),
                    "outcome", d.get("upstream_outcome"), "latency_ms", number(d.get("upstream_latency_ms")),
                    "cache", d.get("upstream_cache"), "assertion_jti", d.get("upstream_assertion_id"),
                    "lifetime_note", d.get("upstream_lifetime_note"));
            field(g, "client_address", facts.ipAddress());
            field(g, "session_id", facts.sessionId());
            g.writeNumberField("duration_ms", facts.durationMillis());
            g.writeEndObject();
        }
        return out.toString();
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

    /** Writes the fields that have a value; the whole object is left out when none has. */
    private static void object(JsonGenerator g, String name, Object... keyValues) throws IOException {
        boolean started = false;
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                if (!started) {
                    g.writeObjectFieldStart(name);
                    started = true;
                }
                field(g, (String) keyValues[i], keyValues[i + 1]);
            }
        }
        if (started) {
            g.writeEndObject();
        }
    }

    private static void field(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Long number) {
            g.writeNumberField(name, number);
        } else if (value != null) {
            g.writeStringField(name, (String) value);
        }
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
