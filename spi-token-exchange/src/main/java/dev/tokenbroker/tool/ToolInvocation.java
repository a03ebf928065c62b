package dev.tokenbroker.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tool call an exchange serves, as the gateway states it in an RFC 9396 authorization details
 * element of type {@value #TYPE}: {@code {"type":"tool_invocation","tool":"databricks_mcp.query",
 * "server":"https://mcp.acme.test/analytics"}}. Policies decide on it, the audit record names it, and
 * a token of this realm carries it (RFC 9396 §9) so the tool can check the token was meant for this call.
 *
 * @param tool   the tool's name as the MCP server exposes it (required)
 * @param server the MCP server's canonical URI, or {@code null}
 */
public record ToolInvocation(String tool, String server) {

    public static final String TYPE = "tool_invocation";
    public static final String TOOL = "tool";
    public static final String SERVER = "server";

    public ToolInvocation {
        Objects.requireNonNull(tool, "tool");
    }

    /** The authorization details element this tool invocation is written as. */
    public Map<String, Object> toDetail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", TYPE);
        detail.put(TOOL, tool);
        if (server != null) {
            detail.put(SERVER, server);
        }
        return detail;
    }
}
