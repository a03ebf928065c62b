package dev.tokenbroker.emulators.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A real HTTP client for the tests, so every assertion is about bytes on the wire. */
public final class Wire {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Wire() {
    }

    /**
     * An RFC 8693 token exchange form: {@code grant_type}, {@code subject_token}, {@code subject_token_type}
     * (JWT), then the further parameters given as name, value pairs. Mutable and in that order, so a test
     * can change or drop any parameter before posting it.
     */
    public static Map<String, String> tokenExchangeForm(String subjectToken, String... moreNamesAndValues) {
        if (moreNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters must come as name, value pairs");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE_GRANT);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", JWT_TOKEN_TYPE);
        for (int i = 0; i < moreNamesAndValues.length; i += 2) {
            form.put(moreNamesAndValues[i], moreNamesAndValues[i + 1]);
        }
        return form;
    }

    public static HttpResponse<String> postForm(URI uri, Map<String, String> form) {
        return postForm(uri, form, DEFAULT_TIMEOUT);
    }

    public static HttpResponse<String> postForm(URI uri, Map<String, String> form, Duration timeout) {
        return send(formRequest(uri, encode(form), timeout));
    }

    /** A form POST with extra headers as name, value pairs (e.g. {@code "Authorization", basic}). */
    public static HttpResponse<String> postForm(URI uri, Map<String, String> form, String... headers) {
        return postFormBody(uri, encode(form), headers);
    }

    /** A form POST of a body encoded by the test itself (e.g. with a repeated parameter). */
    public static HttpResponse<String> postFormBody(URI uri, String body, String... headers) {
        return send(formRequest(uri, body, DEFAULT_TIMEOUT, headers));
    }

    /** A form POST not sent yet, for {@link #sendRaw} where a test expects the connection to fail. */
    public static HttpRequest formRequest(URI uri, Map<String, String> form, Duration timeout, String... headers) {
        return formRequest(uri, encode(form), timeout, headers);
    }

    public static HttpResponse<String> postJson(URI uri, String bearer, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEFAULT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public static HttpResponse<String> get(URI uri, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEFAULT_TIMEOUT).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** Sends and lets IOExceptions (timeouts, dropped connections) through for fault tests. */
    public static HttpResponse<String> sendRaw(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpRequest formRequest(URI uri, String body, Duration timeout, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return sendRaw(request);
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
