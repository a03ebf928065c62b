package dev.tokenbroker.mcp.broker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One RFC 8693 exchange per tool call at the realm's token endpoint, as the confidential client the
 * gateway is: the user's token as {@code subject_token} (the only place it is ever sent),
 * {@code audience} = the upstream's alias, and the call named in {@code authorization_details}
 * ({@code tool_invocation}, RFC 9396) so the policy sees the tool and the audit record names it.
 */
public final class ToolExchange {

    static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenEndpoint;
    private final String basicAuthorization;
    private final String server;
    private final HttpClient http;

    public ToolExchange(URI tokenEndpoint, String clientId, String clientSecret, URI server, HttpClient http) {
        this.tokenEndpoint = tokenEndpoint;
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
        this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        this.server = server.toString();
        this.http = http;
    }

    public ExchangedToken exchange(String subjectToken, String audience, String tool) throws ExchangeRefused {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", GRANT);
        params.put("subject_token", subjectToken);
        params.put("subject_token_type", ACCESS_TOKEN);
        params.put("audience", audience);
        params.put("authorization_details", authorizationDetails(tool));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT)
                .header("Authorization", basicAuthorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.entrySet().stream()
                        .map(e -> form(e.getKey()) + "=" + form(e.getValue())).collect(Collectors.joining("&"))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExchangeRefused(0, "temporarily_unavailable", "Keycloak could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeRefused(0, "temporarily_unavailable", "interrupted while waiting for Keycloak");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            throw new ExchangeRefused(response.statusCode(), body.path("error").asText("server_error"),
                    body.path("error_description").asText("HTTP " + response.statusCode() + " from Keycloak"));
        }
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new ExchangeRefused(502, "server_error", "Keycloak answered without an access_token");
        }
        return new ExchangedToken(accessToken, body.path("issued_token_type").asText(""),
                body.path("expires_in").asLong(0), body);
    }

    String authorizationDetails(String tool) {
        try {
            return JSON.writeValueAsString(List.of(Map.of("type", "tool_invocation", "tool", tool, "server", server)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
