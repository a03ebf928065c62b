package dev.tokenbroker.emulators.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbroker.emulators.http.Json;

import java.util.Objects;
import java.util.function.Function;

/**
 * What the emulated OPA has at one document path (a Rego rule): a value, nothing (undefined), an
 * evaluation error, or a rule computed from the input. Tests script the decision with these; the
 * faults of {@link dev.tokenbroker.emulators.fault.Fault} cover the transport (5xx pages, hangs, garbage).
 */
public sealed interface OpaDocument permits OpaDocument.Value, OpaDocument.Undefined, OpaDocument.EvaluationError,
        OpaDocument.Rule {

    /** The rule is defined with this value: answered as {@code {"result": value}}. */
    record Value(JsonNode value) implements OpaDocument {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /** No rule produces this document: answered 200 without {@code result}. */
    record Undefined() implements OpaDocument {
    }

    /** Evaluation fails (e.g. conflicting rule values): answered 500 {@code internal_error}. */
    record EvaluationError(String message) implements OpaDocument {
    }

    /** A rule over the input ({@code null} node when the request had none). */
    record Rule(Function<JsonNode, OpaDocument> rule) implements OpaDocument {
    }

    static OpaDocument allow() {
        return value(true);
    }

    /** {@code {"allow": false, "reason": reason}}. */
    static OpaDocument deny(String reason) {
        ObjectNode result = Json.MAPPER.createObjectNode().put("allow", false);
        if (reason != null) {
            result.put("reason", reason);
        }
        return new Value(result);
    }

    /** {@code {"allow": true, "max_lifetime": seconds, "scopes": [...]}}, each narrowing only when given. */
    static OpaDocument narrow(Integer maxLifetime, String... scopes) {
        ObjectNode result = Json.MAPPER.createObjectNode().put("allow", true);
        if (maxLifetime != null) {
            result.put("max_lifetime", maxLifetime);
        }
        if (scopes.length > 0) {
            result.putArray("scopes").addAll(java.util.Arrays.stream(scopes).map(Json.MAPPER.getNodeFactory()::textNode).toList());
        }
        return new Value(result);
    }

    /** Any JSON value (a boolean, a string, an object...), for results that are not decisions too. */
    static OpaDocument value(Object value) {
        return new Value(Json.MAPPER.valueToTree(value));
    }

    static OpaDocument undefined() {
        return new Undefined();
    }

    static OpaDocument evaluationError(String message) {
        return new EvaluationError(message);
    }

    static OpaDocument rule(Function<JsonNode, OpaDocument> rule) {
        return new Rule(rule);
    }
}
