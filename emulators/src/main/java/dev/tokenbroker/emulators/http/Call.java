package dev.tokenbroker.emulators.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One incoming request, read fully, plus what the handler notes about it for the recording (the
 * presented token and redacted parameters).
 */
public final class Call {

    /** Larger bodies are answered 413: no token request of any platform comes close. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final String method;
    private final String path;
    private final String subPath;
    private final String query;
    private final com.sun.net.httpserver.Headers headers;
    private final String body;
    private final boolean bodyTooLarge;
    private FormParams form;
    private String presentedToken;
    private String presentedClientAssertion;
    private Map<String, String> params = Map.of();

    private Call(String method, String path, String subPath, String query, com.sun.net.httpserver.Headers headers,
                 String body, boolean bodyTooLarge) {
        this.method = method;
        this.path = path;
        this.subPath = subPath;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.bodyTooLarge = bodyTooLarge;
    }

    static Call read(HttpExchange exchange, String contextPath) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String subPath = path.substring(Math.min(contextPath.length(), path.length()));
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        boolean tooLarge = bytes.length > MAX_BODY_BYTES;
        return new Call(exchange.getRequestMethod(), path, subPath.isEmpty() ? "/" : subPath,
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                tooLarge ? "" : new String(bytes, StandardCharsets.UTF_8), tooLarge);
    }

    public String method() {
        return method;
    }

    /** Full path, e.g. {@code /databricks/oidc/v1/token}. */
    public String path() {
        return path;
    }

    /** Path below the emulator's context, e.g. {@code /oidc/v1/token}; "/" at the root. */
    public String subPath() {
        return subPath;
    }

    /** Raw query string, or null. */
    public String query() {
        return query;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    public String body() {
        return body;
    }

    boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    /** True for {@code application/x-www-form-urlencoded}, with or without a charset. */
    public boolean isForm() {
        return header("Content-Type")
                .map(ct -> ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
    }

    public FormParams form() {
        if (form == null) {
            form = FormParams.parse(body);
        }
        return form;
    }

    /**
     * The form of a token request, noted for the recording: every parameter, the named secrets redacted,
     * and the value of {@code tokenParameter} as the presented token.
     */
    public FormParams tokenRequestForm(Set<String> secrets, String tokenParameter) {
        FormParams parsed = form();
        params(parsed.redacted(secrets));
        parsed.get(tokenParameter).ifPresent(this::presented);
        return parsed;
    }

    /** The credential of an {@code Authorization: Bearer} header (scheme case-insensitive, RFC 6750 §2.1). */
    public Optional<String> bearerToken() {
        return header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty());
    }

    /** Notes the token the client presented; only its decoded form is recorded. */
    public void presented(String token) {
        this.presentedToken = token;
    }

    /** Notes the RFC 7523 client assertion the client authenticated with; only its decoded form is recorded. */
    public void presentedClientAssertion(String assertion) {
        this.presentedClientAssertion = assertion;
    }

    /** Notes the (already redacted) parameters to record. */
    public void params(Map<String, String> redactedParams) {
        this.params = Map.copyOf(redactedParams);
    }

    String presentedToken() {
        return presentedToken;
    }

    String presentedClientAssertion() {
        return presentedClientAssertion;
    }

    Map<String, String> params() {
        return params;
    }
}
