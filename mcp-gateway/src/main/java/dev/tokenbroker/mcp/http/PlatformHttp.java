package dev.tokenbroker.mcp.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls a data platform's API with the credential the broker issued for this call. Short timeouts
 * (a tool call must not hang the MCP client), no redirects (a credential must not follow one), and an
 * answer that is not JSON becomes a {@link PlatformError} rather than an exception of the parser.
 */
public final class PlatformHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    public PlatformHttp(HttpClient http) {
        this.http = http;
    }

    public JsonNode send(String platform, HttpRequest.Builder request) throws PlatformError {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PlatformError(platform, 0, platform + " could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformError(platform, 0, "interrupted while waiting for " + platform);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PlatformError(platform, response.statusCode(), platform + " answered HTTP " + response.statusCode()
                    + " without JSON");
        }
        if (response.statusCode() / 100 != 2) {
            throw new PlatformError(platform, response.statusCode(), platform + " answered HTTP " + response.statusCode()
                    + ": " + Summary.of(body));
        }
        return body == null ? JSON.createObjectNode() : body;
    }

    /** {@link #send} with the issued credential as the bearer token, the way most platform APIs take it. */
    public JsonNode sendWithBearer(String platform, String credential, HttpRequest.Builder request) throws PlatformError {
        return send(platform, request.header("Authorization", "Bearer " + credential));
    }

    public static HttpRequest.Builder postJson(URI uri, Object body) {
        try {
            return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The platform's own error fields, whatever its format, never the whole body. */
    static final class Summary {
        private Summary() {
        }

        static String of(JsonNode body) {
            if (body == null) {
                return "(empty)";
            }
            // Google nests its error in an object under "error", where OAuth servers put a code string.
            JsonNode google = body.path("error");
            if (google.isObject()) {
                return clip(google.path("status").asText("") + " " + google.path("message").asText("")).trim();
            }
            // Databricks, Snowflake, OAuth: the pair whose code is present, so Snowflake's "code" is not lost
            // to Databricks' "message" (both formats carry one).
            for (String[] pair : new String[][] {{"error_code", "message"}, {"code", "message"}, {"error", "error_description"}}) {
                if (body.hasNonNull(pair[0])) {
                    return clip(body.path(pair[0]).asText("") + " " + body.path(pair[1]).asText("")).trim();
                }
            }
            for (String description : new String[] {"message", "error_description"}) {
                if (body.hasNonNull(description)) {
                    return clip(body.path(description).asText("")).trim();
                }
            }
            return "(no error detail)";
        }

        private static String clip(String text) {
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
    }
}
