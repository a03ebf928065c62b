package dev.tokenbroker.mcp.auth;

import java.net.URI;

/**
 * The {@code WWW-Authenticate} values of RFC 6750 §3 with RFC 9728 §5.1's {@code resource_metadata},
 * which is how an MCP client finds the authorization server, and {@code scope}, what to ask it for.
 */
public record BearerChallenge(URI resourceMetadata, String scope) {

    /** No credentials: no error code (RFC 6750 §3.1 says a request without authentication gets none). */
    public String missing() {
        return "Bearer resource_metadata=\"" + resourceMetadata + "\", scope=\"" + scope + "\"";
    }

    public String invalidToken(String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + quoted(description) + "\", resource_metadata=\""
                + resourceMetadata + "\", scope=\"" + scope + "\"";
    }

    public String insufficientScope(String description) {
        return "Bearer error=\"insufficient_scope\", error_description=\"" + quoted(description) + "\", scope=\""
                + scope + "\", resource_metadata=\"" + resourceMetadata + "\"";
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "'");
    }
}
