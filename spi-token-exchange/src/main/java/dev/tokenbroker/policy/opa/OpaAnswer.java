package dev.tokenbroker.policy.opa;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.policy.PolicyDecision;

/**
 * Reads the body of OPA's 200 answer to a Data API query: {@code {"result": <value>, "decision_id": ...}}.
 * The value is a boolean, or an object {@code {allow, reason, max_lifetime, scopes}}.
 *
 * <p>Two kinds of failure, told apart because the caller should react differently: a body that is
 * not OPA's JSON means OPA is broken or something else answered — no decision, the exchange is
 * unavailable (retryable); a well-formed answer that is not an allow — {@code result} missing
 * (undefined: no rule matched, OPA's convention for deny), of the wrong type, or with fields of the
 * wrong type — is a deny, since OPA did answer and only a changed policy will answer differently.
 */
final class OpaAnswer {

    static final String DENIED = "denied by policy";
    static final String UNDEFINED = "the policy has no decision for this request";
    static final String NOT_A_DECISION = "the policy's answer is not a decision";
    /** Reasons and decision ids go to callers and records: short and printable. */
    private static final int MAX_REASON = 200;
    private static final int MAX_DECISION_ID = 128;

    private OpaAnswer() {
    }

    static PolicyDecision read(String body) {
        JsonNode answer;
        try {
            answer = JsonSerialization.mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return unavailable("OPA sent a malformed answer");
        }
        if (answer == null || !answer.isObject()) {
            return unavailable("OPA sent a malformed answer");
        }
        JsonNode id = answer.get("decision_id");
        String decisionId = id != null && id.isTextual() ? printable(id.asText(), MAX_DECISION_ID) : null;
        return decision(answer.get("result")).withDecisionId(decisionId);
    }

    private static PolicyDecision decision(JsonNode result) {
        if (result == null) {
            return deny(UNDEFINED);
        }
        if (result.isBoolean()) {
            return result.asBoolean() ? PolicyDecision.allow(OpaPolicyEngine.NAME) : deny(DENIED);
        }
        if (!result.isObject()) {
            return deny(NOT_A_DECISION);
        }
        JsonNode allow = result.get("allow");
        JsonNode reason = result.get("reason");
        JsonNode maxLifetime = result.get("max_lifetime");
        JsonNode scopes = result.get("scopes");
        if (allow == null || !allow.isBoolean() || !optional(reason, JsonNode::isTextual)
                || !optional(maxLifetime, n -> n.canConvertToInt() && n.isIntegralNumber() && n.asInt() > 0)
                || !optional(scopes, OpaAnswer::isScopeList)) {
            return deny(NOT_A_DECISION);
        }
        String why = reason == null || reason.isNull() || reason.asText().isBlank() ? null : printable(reason.asText(), MAX_REASON);
        if (!allow.asBoolean()) {
            return deny(why == null ? DENIED : why);
        }
        return new PolicyDecision(OpaPolicyEngine.NAME, PolicyDecision.Outcome.ALLOW, why,
                maxLifetime == null || maxLifetime.isNull() ? null : maxLifetime.asInt(),
                scopes == null || scopes.isNull() ? null : scopeList(scopes), null);
    }

    private static boolean optional(JsonNode node, java.util.function.Predicate<JsonNode> wellTyped) {
        return node == null || node.isNull() || wellTyped.test(node);
    }

    private static boolean isScopeList(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode scope : node) {
            if (!scope.isTextual() || !scope.asText().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                return false;
            }
        }
        return true;
    }

    private static Scopes scopeList(JsonNode node) {
        List<String> scopes = new ArrayList<>();
        node.forEach(scope -> scopes.add(scope.asText()));
        return Scopes.of(scopes);
    }

    private static PolicyDecision deny(String reason) {
        return PolicyDecision.deny(OpaPolicyEngine.NAME, reason);
    }

    static PolicyDecision unavailable(String reason) {
        return PolicyDecision.unavailable(OpaPolicyEngine.NAME, reason);
    }

    private static String printable(String value, int max) {
        String cut = value.length() > max ? value.substring(0, max) : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
