package dev.tokenbroker.mcp.tools;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;

import dev.tokenbroker.mcp.auth.VerifiedToken;
import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.broker.ToolExchange;
import dev.tokenbroker.mcp.http.PlatformError;
import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * Turns the gateway's tools into MCP tool specifications and every way a call can fail into a tool
 * error ({@code isError: true} with a sentence the model and the user can act on): Keycloak's refusal
 * with its OAuth error, the platform's answer, a bad argument. Never a protocol error, a hang or a
 * stack trace; the log line names tool, user, agent and outcome, never a token.
 */
public final class ToolCatalog {

    /** Key of the validated token in the MCP transport context (put there per HTTP request). */
    public static final String TOKEN_KEY = "tokenbroker.verified-token";
    private static final Logger LOG = Logger.getLogger(ToolCatalog.class.getName());

    private final List<GatewayTool> tools;
    private final ToolExchange broker;
    private final PlatformHttp platforms;

    public ToolCatalog(List<GatewayTool> tools, ToolExchange broker, PlatformHttp platforms) {
        this.tools = List.copyOf(tools);
        this.broker = broker;
        this.platforms = platforms;
    }

    public List<SyncToolSpecification> specifications() {
        return tools.stream().map(tool -> SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                        .inputSchema(tool.inputSchema()).build())
                .callHandler((exchange, request) -> call(tool,
                        exchange.transportContext().get(TOKEN_KEY) instanceof VerifiedToken user ? user : null,
                        request.arguments()))
                .build()).toList();
    }

    McpSchema.CallToolResult call(GatewayTool tool, VerifiedToken user, Map<String, Object> arguments) {
        if (user == null) {
            // The filter admits no request without a token; reaching here means the wiring is broken.
            return error(tool, null, ToolFailure.unauthenticated());
        }
        try {
            ToolAnswer answer = tool.call(new ToolCall(tool.name(), user, arguments, broker, platforms));
            LOG.info(() -> "tool " + tool.name() + " user=" + user.username() + " agent=" + user.agent() + " -> ok");
            return McpSchema.CallToolResult.builder().addTextContent(answer.text())
                    .structuredContent(answer.structured()).isError(false).build();
        } catch (ExchangeRefused e) {
            return error(tool, user, ToolFailure.of(tool.name(), e));
        } catch (PlatformError e) {
            return error(tool, user, ToolFailure.of(e));
        } catch (IllegalArgumentException e) {
            return error(tool, user, ToolFailure.badArguments(e));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "tool " + tool.name() + " failed: " + e.getClass().getName());
            return error(tool, user, ToolFailure.internal(tool.name()));
        }
    }

    private static McpSchema.CallToolResult error(GatewayTool tool, VerifiedToken user, ToolFailure failure) {
        LOG.info(() -> "tool " + tool.name() + " user=" + (user == null ? "-" : user.username()) + " agent="
                + (user == null ? "-" : user.agent()) + " -> refused: " + failure.outcome());
        return McpSchema.CallToolResult.builder().addTextContent(failure.text()).isError(true).build();
    }
}
