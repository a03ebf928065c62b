package dev.tokenbroker.upstream.http;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.upstream.spi.UpstreamFailure;

/** Reading platform JSON: a body that is not the JSON object promised is an unavailable platform. */
public final class JsonBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    public static JsonNode object(UpstreamResponse response) {
        try {
            JsonNode node = MAPPER.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", not a JSON object)", null);
            }
            return node;
        } catch (IOException e) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", not JSON)", e);
        }
    }

    /** A required string member, or a malformed-answer failure naming it. */
    public static String requiredText(JsonNode node, String member, UpstreamResponse response) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", no " + member + ")", null);
        }
        return value.asText();
    }

    /** Fails unless the answer is a 2xx: a 4xx is the platform's refusal, anything else its unavailability. */
    public static void requireSuccess(UpstreamResponse response) {
        if (response.isSuccess()) {
            return;
        }
        String reason = oauthReason(response);
        throw response.isClientError() ? UpstreamFailure.rejected(reason) : UpstreamFailure.unavailable(reason, null);
    }

    /**
     * The OAuth-style reason of an error answer ({@code error} and {@code error_description}), or the
     * status alone; e.g. {@code 401 invalid_client: Invalid credentials}.
     */
    public static String oauthReason(UpstreamResponse response) {
        try {
            JsonNode node = MAPPER.readTree(response.body());
            if (node != null && node.isObject()) {
                String error = node.path("error").isTextual() ? node.path("error").asText() : null;
                String description = node.path("error_description").isTextual() ? node.path("error_description").asText() : null;
                if (error != null || description != null) {
                    return response.status() + " " + (error == null ? "" : error) + (description == null ? "" : (error == null ? "" : ": ") + description);
                }
            }
        } catch (IOException notJson) {
            // fall through to the status alone
        }
        return String.valueOf(response.status());
    }
}
