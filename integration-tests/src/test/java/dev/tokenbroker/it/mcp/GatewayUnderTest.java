package dev.tokenbroker.it.mcp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import dev.tokenbroker.it.support.AdminApi;
import dev.tokenbroker.it.support.FreePorts;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.mcp.GatewayConfig;
import dev.tokenbroker.mcp.GatewayServer;

/**
 * The reference MCP gateway in-process on a free port, against the shared Keycloak and the
 * emulators. The demo realm names the gateway by {@code http://localhost:8095/mcp} (the scope's
 * audience mapper, the gateway client's resource URI); this points both at the port the test uses
 * and puts them back on close.
 */
final class GatewayUnderTest implements AutoCloseable {

    static final String SECRET = "demo-mcp-gateway-secret";
    static final String DEMO_RESOURCE = "http://localhost:8095/mcp";
    static final String RESOURCE_URI_ATTRIBUTE = "tokenbroker.resource-uri";

    private final GatewayServer server;
    private final URI resource;
    private final AdminApi admin;

    private GatewayUnderTest(GatewayServer server, URI resource, AdminApi admin) {
        this.server = server;
        this.resource = resource;
        this.admin = admin;
    }

    static GatewayUnderTest start(Realm acme, Platforms platforms) {
        int port = FreePorts.pick();
        URI resource = URI.create("http://localhost:" + port + "/mcp");
        pointRealmAt(acme.admin(), resource.toString());
        String base = platforms.baseUri().toString().replaceAll("/$", "");
        GatewayServer server = GatewayServer.start(new GatewayConfig("127.0.0.1", port, resource, acme.issuer(),
                "mcp-gateway", SECRET, URI.create(base), "acme-warehouse",
                URI.create(acme.other("corporate").oidc("userinfo").toString()), List.of()));
        return new GatewayUnderTest(server, resource, acme.admin());
    }

    URI resource() {
        return resource;
    }

    URI metadata() {
        return resource.resolve("/.well-known/oauth-protected-resource/mcp");
    }

    /** The MCP SDK's own client over Streamable HTTP, with the access token on every request. */
    McpSyncClient client(String accessToken) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(resource.resolve("/").toString())
                .endpoint(resource.getPath())
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + accessToken))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("tokenbroker-it", "1.0")).build();
        client.initialize();
        return client;
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", (a, b) -> a + b);
    }

    static JsonNode structured(McpSchema.CallToolResult result) {
        return Http.JSON.valueToTree(result.structuredContent());
    }

    @Override
    public void close() {
        server.close();
        pointRealmAt(admin, DEMO_RESOURCE);
    }

    private static void pointRealmAt(AdminApi admin, String resource) {
        JsonNode scope = null;
        for (JsonNode candidate : admin.getJson("/client-scopes")) {
            if (candidate.path("name").asText().equals(GatewayConfig.SCOPE)) {
                scope = candidate;
            }
        }
        if (scope == null) {
            throw new AssertionError("the demo realm has no client scope " + GatewayConfig.SCOPE);
        }
        String mappers = "/client-scopes/" + scope.get("id").asText() + "/protocol-mappers/models";
        for (JsonNode mapper : admin.getJson(mappers)) {
            if (mapper.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                ObjectNode updated = mapper.deepCopy();
                ((ObjectNode) updated.get("config")).put("included.custom.audience", resource);
                Http.Response response = admin.put(mappers + "/" + mapper.get("id").asText(), updated);
                if (response.status() != 204) {
                    throw new AssertionError("cannot point the " + GatewayConfig.SCOPE + " audience at " + resource + ": " + response);
                }
            }
        }
        ObjectNode gateway = admin.client("mcp-gateway");
        ((ObjectNode) gateway.get("attributes")).put(RESOURCE_URI_ATTRIBUTE, resource);
        admin.updateClient(gateway);
    }
}
