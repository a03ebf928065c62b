package dev.tokenbroker.mcp.auth;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.mcp.GatewayConfig;

/**
 * RFC 9728 protected resource metadata: the gateway's canonical URI and the Keycloak realm that issues
 * its tokens. Served at the path-suffixed well-known URI (§3.1) and, for clients that look only at the
 * root, at {@code /.well-known/oauth-protected-resource} too (this server hosts one resource).
 */
public final class ProtectedResourceMetadataServlet extends HttpServlet {

    private final byte[] document;

    public ProtectedResourceMetadataServlet(GatewayConfig config) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", config.resource().toString());
        metadata.put("authorization_servers", List.of(config.issuer().toString()));
        metadata.put("scopes_supported", List.of(GatewayConfig.SCOPE));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "Keycloak Token Broker reference MCP gateway");
        try {
            this.document = new ObjectMapper().writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "max-age=300");
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.getOutputStream().write(document);
    }
}
