package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * SQL through Snowflake's SQL API ({@code POST /api/v2/statements}) with External OAuth: the broker's
 * minted JWT is the bearer, Snowflake maps its {@code sub} to the user and {@code scp} to the role.
 */
public final class SnowflakeQueryTool extends BrokeredTool {

    public static final String NAME = "snowflake_query";
    static final String UPSTREAM = "snowflake";

    private final URI statements;

    public SnowflakeQueryTool(URI account) {
        super(NAME, UPSTREAM, "Run SQL on Snowflake as the signed-in user, in the role the realm maps her to "
                + "(e.g. SELECT CURRENT_USER(), CURRENT_ROLE()).", GatewayTool.sqlArgument("SELECT CURRENT_USER(), CURRENT_ROLE()"));
        this.statements = URI.create(account + "/api/v2/statements");
    }

    @Override
    protected PlatformCall prepare(ToolCall call) {
        String sql = call.stringArgument("sql");
        return (credential, platforms) -> {
            JsonNode answer = platforms.sendWithBearer(UPSTREAM, credential.accessToken(),
                    PlatformHttp.postJson(statements, Map.of("statement", sql))
                            .header("X-Snowflake-Authorization-Token-Type", "OAUTH"));
            return QueryResult.of(answer.path("resultSetMetaData").path("rowType"), "name", answer.path("data"))
                    .answer(UPSTREAM);
        };
    }
}
