package dev.tokenbroker.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.mcp.auth.AccessTokenVerifier;
import dev.tokenbroker.mcp.auth.ProtectedResourceMetadataServlet;
import dev.tokenbroker.mcp.auth.ResourceServerFilter;
import dev.tokenbroker.mcp.broker.ToolExchange;
import dev.tokenbroker.mcp.http.PlatformHttp;
import dev.tokenbroker.mcp.tools.AwsWhoamiTool;
import dev.tokenbroker.mcp.tools.CorporateWhoamiTool;
import dev.tokenbroker.mcp.tools.DatabricksQueryTool;
import dev.tokenbroker.mcp.tools.GatewayTool;
import dev.tokenbroker.mcp.tools.GcpWhoamiTool;
import dev.tokenbroker.mcp.tools.SnowflakeQueryTool;
import dev.tokenbroker.mcp.tools.ToolCatalog;

/**
 * The gateway: an embedded Tomcat serving the MCP SDK's Streamable HTTP transport at the resource's
 * path behind {@link ResourceServerFilter}, and the RFC 9728 metadata. Started in-process by the
 * integration tests, from {@link GatewayMain} by the run command.
 */
public final class GatewayServer implements AutoCloseable {

    public static final String VERSION = "0.1.0";

    private final Tomcat tomcat;
    private final McpSyncServer mcp;
    private final Path baseDir;

    private GatewayServer(Tomcat tomcat, McpSyncServer mcp, Path baseDir) {
        this.tomcat = tomcat;
        this.mcp = mcp;
        this.baseDir = baseDir;
    }

    public static GatewayServer start(GatewayConfig config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        ToolCatalog catalog = new ToolCatalog(tools(config),
                new ToolExchange(config.tokenEndpoint(), config.clientId(), config.clientSecret(), config.resource(), http),
                new PlatformHttp(http));

        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint(config.mcpPath())
                .contextExtractor(request -> {
                    Map<String, Object> context = new HashMap<>();
                    Object token = request.getAttribute(ResourceServerFilter.TOKEN_ATTRIBUTE);
                    if (token != null) {
                        context.put(ToolCatalog.TOKEN_KEY, token);
                    }
                    return McpTransportContext.create(context);
                })
                .build();
        McpSyncServer mcp = McpServer.sync(transport)
                .serverInfo("tokenbroker-mcp-gateway", VERSION)
                .instructions("Tools reach the company's data platforms as the signed-in user; every call is "
                        + "authorised and recorded by Keycloak.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(catalog.specifications())
                .build();

        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("tokenbroker-mcp-gateway");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create Tomcat's work directory", e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(config.port());
        connector.setProperty("address", config.bind());
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        // One embedded application, never redeployed: Tomcat's leak detection on stop only prints warnings here.
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        Wrapper mcpServlet = Tomcat.addServlet(context, "mcp", transport);
        mcpServlet.setAsyncSupported(true);
        context.addServletMappingDecoded(config.mcpPath(), "mcp");
        Tomcat.addServlet(context, "resource-metadata", new ProtectedResourceMetadataServlet(config));
        context.addServletMappingDecoded("/.well-known/oauth-protected-resource", "resource-metadata");
        context.addServletMappingDecoded("/.well-known/oauth-protected-resource" + config.mcpPath(), "resource-metadata");

        FilterDef filter = new FilterDef();
        filter.setFilterName("resource-server");
        filter.setFilter(new ResourceServerFilter(config, config.port(),
                new AccessTokenVerifier(config.issuer(), config.jwksUri(), config.resource())));
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("resource-server");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);

        try {
            tomcat.start();
        } catch (LifecycleException e) {
            mcp.close();
            throw new IllegalStateException("cannot start the gateway on " + config.bind() + ":" + config.port(), e);
        }
        if (connector.getLocalPort() < 0) {
            mcp.close();
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port());
        }
        return new GatewayServer(tomcat, mcp, baseDir);
    }

    static List<GatewayTool> tools(GatewayConfig config) {
        URI platforms = config.platforms();
        return List.of(
                new DatabricksQueryTool(URI.create(platforms + "/databricks"), config.databricksWarehouse()),
                new SnowflakeQueryTool(URI.create(platforms + "/snowflake")),
                new AwsWhoamiTool(),
                new GcpWhoamiTool(URI.create(platforms + "/gcp-oauth2")),
                new CorporateWhoamiTool(config.corporateUserInfo()));
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            // stopping anyway; nothing to hand back
        }
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
