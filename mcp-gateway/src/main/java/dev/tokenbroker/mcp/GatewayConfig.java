package dev.tokenbroker.mcp;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the gateway is told at start: where it listens, the URI clients know it by (RFC 8707
 * {@code resource}, the {@code aud} its tokens must carry), the Keycloak realm that issues those tokens
 * and performs the exchanges, and where the data platforms answer.
 *
 * @param resource    canonical URI of the MCP endpoint, e.g. {@code http://localhost:8095/mcp}; its path is where MCP is served
 * @param issuer      the realm's issuer, e.g. {@code http://localhost:8080/realms/acme}
 * @param platforms   base URL of the platforms' APIs (the emulators under their context paths)
 * @param allowedOrigins browser origins allowed besides the resource's own (MCP Inspector in direct mode, say)
 */
public record GatewayConfig(String bind, int port, URI resource, URI issuer, String clientId, String clientSecret,
                            URI platforms, String databricksWarehouse, URI corporateUserInfo, List<String> allowedOrigins) {

    public static final String SCOPE = "mcp:tools";
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

    public GatewayConfig {
        if (!resource.isAbsolute() || resource.getFragment() != null || resource.getRawQuery() != null) {
            throw new IllegalArgumentException("the resource URI must be absolute, without query or fragment (RFC 8707)");
        }
        if (resource.getPath() == null || resource.getPath().isEmpty() || resource.getPath().equals("/")) {
            throw new IllegalArgumentException("the resource URI needs a path: the MCP endpoint, e.g. /mcp");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public String mcpPath() {
        return resource.getPath();
    }

    /** RFC 9728 §3.1: the well-known segment goes between host and the resource's path. */
    public URI metadataUri() {
        return resource.resolve("/.well-known/oauth-protected-resource" + resource.getPath());
    }

    public URI tokenEndpoint() {
        return URI.create(issuer + "/protocol/openid-connect/token");
    }

    public URI jwksUri() {
        return URI.create(issuer + "/protocol/openid-connect/certs");
    }

    /** Host header values a client may send: the resource's authority, and loopback at the port bound. */
    public Set<String> allowedHosts(int boundPort) {
        String authority = resource.getPort() < 0 ? resource.getHost() : resource.getHost() + ":" + resource.getPort();
        return Set.copyOf(List.of(authority.toLowerCase(Locale.ROOT), "localhost:" + boundPort,
                "127.0.0.1:" + boundPort));
    }

    public String resourceOrigin() {
        return resource.getScheme() + "://" + resource.getRawAuthority();
    }

    /**
     * The origins that are the resource itself: its own and, when it lives on loopback, its other
     * loopback spellings. The Host check already takes 127.0.0.1 for localhost; a client that
     * connects by 127.0.0.1 and sends an Origin names that spelling, and no other site can have it.
     */
    public List<String> ownOrigins() {
        if (!LOOPBACK.contains(resource.getHost().toLowerCase(Locale.ROOT))) {
            return List.of(resourceOrigin());
        }
        String port = resource.getPort() < 0 ? "" : ":" + resource.getPort();
        return LOOPBACK.stream().map(host -> resource.getScheme() + "://" + host + port).toList();
    }
}
