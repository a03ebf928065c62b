package dev.tokenbroker.mcp.auth;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.mcp.GatewayConfig;

/**
 * In front of everything the gateway serves: Host checked first (DNS rebinding: a page that
 * re-points its own host name at 127.0.0.1 sends its own Host), then, on the MCP endpoint, the
 * Origin and the bearer token, validated locally, and the session checked to be the token's own. A
 * valid token is handed on as a request attribute for the tool calls; the MCP SDK never sees a
 * request without one.
 */
public final class ResourceServerFilter extends HttpFilter {

    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayConfig config;
    private final Set<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final AccessTokenVerifier verifier;
    private final BearerChallenge challenge;
    private final SessionOwners sessions = new SessionOwners();

    public ResourceServerFilter(GatewayConfig config, int boundPort, AccessTokenVerifier verifier) {
        this.config = config;
        this.allowedHosts = config.allowedHosts(boundPort);
        this.allowedOrigins = Stream.concat(config.ownOrigins().stream(),
                config.allowedOrigins().stream()).map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.verifier = verifier;
        this.challenge = new BearerChallenge(config.metadataUri(), GatewayConfig.SCOPE);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            refuse(response, 403, "forbidden", "Host not allowed", null);
            return;
        }
        if (!request.getRequestURI().equals(config.mcpPath())) {
            // The metadata is public and carries no credentials: any origin may read it (browser-based clients do).
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        // MCP transport spec: an Origin that is present and not allowed is answered 403.
        if (origin != null && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            refuse(response, 403, "forbidden", "Origin not allowed", null);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            refuse(response, 401, "invalid_token", "a bearer access token is required", challenge.missing());
            return;
        }
        VerifiedToken token;
        try {
            token = verifier.verify(authorization.substring(7).trim());
        } catch (AccessTokenVerifier.InvalidToken e) {
            refuse(response, 401, "invalid_token", e.getMessage(), challenge.invalidToken(e.getMessage()));
            return;
        }
        if (!token.scopes().contains(GatewayConfig.SCOPE)) {
            String description = "the tools need scope " + GatewayConfig.SCOPE;
            refuse(response, 403, "insufficient_scope", description, challenge.insufficientScope(description));
            return;
        }
        String sessionId = request.getHeader(SESSION_HEADER);
        if (sessionId != null && !sessions.mayUse(sessionId, token)) {
            refuse(response, 403, "forbidden", "this MCP session was opened by another user or agent", null);
            return;
        }
        request.setAttribute(TOKEN_ATTRIBUTE, token);
        chain.doFilter(request, response);
        if (sessionId == null && response.getHeader(SESSION_HEADER) != null) {
            sessions.opened(response.getHeader(SESSION_HEADER), token);
        } else if (sessionId != null && request.getMethod().equals("DELETE")) {
            sessions.closed(sessionId);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error, String description,
                               String wwwAuthenticate) throws IOException {
        response.setStatus(status);
        if (wwwAuthenticate != null) {
            response.setHeader("WWW-Authenticate", wwwAuthenticate);
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), Map.of("error", error, "error_description", description));
    }
}
