package dev.tokenbroker.upstream;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.util.JsonSerialization;

/** Platform JSON read with Keycloak's shared mapper; a body that is not a JSON object is {@code null}, never an exception. */
public final class PlatformJson {

    private PlatformJson() {
    }

    public static JsonNode object(String body) {
        try {
            JsonNode node = JsonSerialization.mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** A non-blank string member, or {@code null}. */
    public static String text(JsonNode object, String member) {
        JsonNode value = object.get(member);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
