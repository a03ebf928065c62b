package dev.tokenbroker.emulators.opa;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One query the emulated OPA answered, for tests to assert the policy input Keycloak sent.
 *
 * @param path       the document path queried, e.g. {@code tokenbroker/exchange/decision}
 * @param input      the {@code input} member of the body, or {@code null} when there was none
 * @param decisionId the {@code decision_id} answered, or {@code null} (decision logging off, or no answer)
 */
public record OpaQuery(Instant receivedAt, String path, JsonNode input, String decisionId) {

    /** The input's {@code correlation_id} (which exchange or connection test asked), or {@code null}. */
    public String correlationId() {
        JsonNode id = input == null ? null : input.get("correlation_id");
        return id == null || !id.isTextual() ? null : id.asText();
    }
}
