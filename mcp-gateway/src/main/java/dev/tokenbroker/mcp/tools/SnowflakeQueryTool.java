package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.http.PlatformError;
import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * SQL through Snowflake's SQL API ({@code POST /api/v2/statements}) with External OAuth: the broker's
 * minted JWT is the bearer, Snowflake maps its {@code sub} to the user and {@code scp} to the role.
 */
public final class SnowflakeQueryTool implements GatewayTool {

    public static final String NAME = "snowflake_query";
    static final String UPSTREAM = "snowflake";

    private final URI statements;

    public SnowflakeQueryTool(URI account) {
        this.statements = URI.create(account + "/api/v2/statements");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Run SQL on Snowflake as the signed-in user, in the role the realm maps her to "
                + "(e.g. SELECT CURRENT_USER(), CURRENT_ROLE()).";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return GatewayTool.sqlArgument("SELECT CURRENT_USER(), CURRENT_ROLE()");
    }

    @Override
    public ToolAnswer call(ToolCall call) throws ExchangeRefused, PlatformError {
        String sql = call.stringArgument("sql");
        String token = call.exchange(UPSTREAM).accessToken();
        JsonNode answer = call.platforms().send(UPSTREAM, PlatformHttp.postJson(statements, Map.of("statement", sql))
                .header("Authorization", "Bearer " + token)
                .header("X-Snowflake-Authorization-Token-Type", "OAUTH"));
        return QueryResult.of(answer.path("resultSetMetaData").path("rowType"), "name", answer.path("data"))
                .answer(UPSTREAM);
    }
}
