package dev.tokenbroker.mcp.tools;

import java.util.List;
import java.util.Map;

import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.http.PlatformError;

/**
 * One MCP tool: reaches one platform as the signed-in user. Each call exchanges the user's token at
 * Keycloak for the platform's credential (audience = the upstream alias) and uses it once; that shared
 * shape is {@link BrokeredTool}.
 */
public interface GatewayTool {

    /** The MCP tool name; also the {@code tool} of the exchange's {@code tool_invocation}. */
    String name();

    String description();

    /** The JSON Schema of the arguments. */
    Map<String, Object> inputSchema();

    ToolAnswer call(ToolCall call) throws ExchangeRefused, PlatformError;

    static Map<String, Object> noArguments() {
        return Map.of("type", "object", "properties", Map.of(), "additionalProperties", false);
    }

    static Map<String, Object> sqlArgument(String example) {
        return Map.of("type", "object", "required", List.of("sql"), "additionalProperties", false,
                "properties", Map.of("sql", Map.of("type", "string", "description", "the SQL statement, e.g. " + example)));
    }
}
