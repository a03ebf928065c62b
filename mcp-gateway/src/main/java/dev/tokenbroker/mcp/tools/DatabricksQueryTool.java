package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.mcp.http.PlatformError;
import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * SQL on a Databricks SQL warehouse through the Statement Execution API
 * ({@code POST /api/2.0/sql/statements}, synchronous), with the Databricks token the broker obtained
 * through token federation: the workspace sees the user, not a service principal.
 */
public final class DatabricksQueryTool extends BrokeredTool {

    public static final String NAME = "databricks_query";
    static final String UPSTREAM = "databricks";

    private final URI statements;
    private final String warehouse;

    public DatabricksQueryTool(URI workspace, String warehouse) {
        super(NAME, UPSTREAM, "Run SQL on the Databricks SQL warehouse as the signed-in user (e.g. SELECT current_user()).",
                GatewayTool.sqlArgument("SELECT current_user()"));
        this.statements = URI.create(workspace + "/api/2.0/sql/statements");
        this.warehouse = warehouse;
    }

    @Override
    protected PlatformCall prepare(ToolCall call) {
        String sql = call.stringArgument("sql");
        return (credential, platforms) -> rows(platforms.sendWithBearer(UPSTREAM, credential.accessToken(),
                PlatformHttp.postJson(statements, Map.of("statement", sql, "warehouse_id", warehouse, "wait_timeout", "30s"))));
    }

    private static ToolAnswer rows(JsonNode answer) throws PlatformError {
        String state = answer.path("status").path("state").asText();
        if (!state.equals("SUCCEEDED")) {
            JsonNode error = answer.path("status").path("error");
            throw new PlatformError(UPSTREAM, 200, "statement " + state + ": " + error.path("error_code").asText("")
                    + " " + error.path("message").asText(""));
        }
        return QueryResult.of(answer.path("manifest").path("schema").path("columns"), "name",
                answer.path("result").path("data_array")).answer(UPSTREAM);
    }
}
