package dev.tokenbroker.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/** Plain HTTP for tests: no redirects followed (tests assert them), cookies kept per instance like a browser. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * A browser-like jar, keyed by path and name: a cookie goes back on requests under its {@code Path}
     * (Secure included, since tests speak plain HTTP to loopback), so two realms' same-named cookies
     * (a brokered login crosses realms) do not overwrite each other; {@code Max-Age=0} removes one.
     */
    private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Response get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    public Response postForm(URI uri, Map<String, ?> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        return send(request, headers);
    }

    public Response sendJson(String method, URI uri, Object body, String... headers) {
        String json;
        try {
            json = body == null ? "" : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request, headers);
    }

    /** A body sent exactly as given (e.g. JSON that does not parse). */
    public Response sendText(String method, URI uri, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return send(request, headers);
    }

    private Response send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpRequest built = request.timeout(TIMEOUT).build();
        String requestPath = built.uri().getRawPath() == null || built.uri().getRawPath().isEmpty() ? "/" : built.uri().getRawPath();
        String cookieHeader = cookies.entrySet().stream()
                .filter(c -> pathMatches(requestPath, c.getKey().substring(0, c.getKey().indexOf('\n'))))
                .sorted((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length())) // longest path first, as browsers do
                .map(c -> c.getKey().substring(c.getKey().indexOf('\n') + 1) + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
            built = request.timeout(TIMEOUT).build();
        }
        try {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String[] parts = setCookie.split(";");
                int eq = parts[0].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String path = "/";
                boolean expired = false;
                for (int i = 1; i < parts.length; i++) {
                    String attribute = parts[i].trim();
                    String lower = attribute.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("path=")) {
                        path = attribute.substring(5);
                    } else if (lower.equals("max-age=0") || lower.startsWith("expires=thu, 01 jan 1970") || lower.startsWith("expires=thu, 01-jan-1970")) {
                        expired = true;
                    }
                }
                String key = path + "\n" + parts[0].substring(0, eq).trim();
                if (expired) {
                    cookies.remove(key);
                } else {
                    cookies.put(key, parts[0].substring(eq + 1).trim());
                }
            }
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath.endsWith("/") ? cookiePath : cookiePath + "/")
                || cookiePath.equals("/");
    }

    /** Form encoding; a value may be a String or a List of Strings (repeated parameter); nulls are left out. */
    public static String formBody(Map<String, ?> form) {
        return form.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .flatMap(e -> (e.getValue() instanceof List<?> values ? values.stream() : java.util.stream.Stream.of(e.getValue()))
                        .map(v -> encode(e.getKey()) + "=" + encode(String.valueOf(v))))
                .collect(Collectors.joining("&"));
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(user) + ":" + encode(password)).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static Map<String, Object> form(Object... keyValues) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            form.put((String) keyValues[i], keyValues[i + 1]);
        }
        return form;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public record Response(int status, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }
}
