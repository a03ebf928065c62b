package dev.tokenbroker.emulators.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads JSON response bodies strictly: a body that is not JSON, or lacks what the test reads, fails the test. */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {
    }

    public static JsonNode of(HttpResponse<String> response) {
        return parse(response.body());
    }

    /** The text of a top-level field; a body without that field fails the test. */
    public static String text(HttpResponse<String> response, String field) {
        JsonNode value = of(response).get(field);
        if (value == null) {
            throw new AssertionError("no \"" + field + "\" in " + response.body());
        }
        return value.asText();
    }

    /**
     * Asserts an RFC 6749 §5.2 error answer: that status, and a JSON body with that {@code error} and a
     * non-blank {@code error_description}.
     */
    public static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = of(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isNotBlank();
    }

    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
