package dev.tokenbroker.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Wire-level assertions shared by the exchange tests. */
public final class OAuthAssertions {

    private OAuthAssertions() {
    }

    /** An OAuth error response: status, {@code error} code, and a description that leaks no token. */
    public static JsonNode assertOAuthError(Http.Response response, int status, String error) {
        assertThat(response.status()).as("HTTP status of %s", response).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).as("error code of %s", response).isEqualTo(error);
        String description = body.path("error_description").asText();
        assertThat(description).as("error_description").isNotBlank().doesNotContain("eyJ");
        return body;
    }

    /** A successful RFC 8693 response (§2.2.1) issuing an access token; returns the token. */
    public static String assertIssuedAccessToken(Http.Response response) {
        assertThat(response.status()).as("HTTP status of %s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.path("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(body.path("expires_in").asInt()).isPositive();
        return body.get("access_token").asText();
    }

    public static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
