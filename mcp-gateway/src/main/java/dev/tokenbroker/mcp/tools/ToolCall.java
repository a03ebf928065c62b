package dev.tokenbroker.mcp.tools;

import java.util.Map;

import dev.tokenbroker.mcp.auth.VerifiedToken;
import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.broker.ExchangedToken;
import dev.tokenbroker.mcp.broker.ToolExchange;
import dev.tokenbroker.mcp.http.PlatformHttp;

/** One invocation: who called (the validated token of this very request), with what, and the means to reach out. */
public record ToolCall(String tool, VerifiedToken user, Map<String, Object> arguments, ToolExchange broker,
                       PlatformHttp platforms) {

    /** The platform credential for this call, from Keycloak; refused calls stop here. */
    public ExchangedToken exchange(String upstreamAlias) throws ExchangeRefused {
        return broker.exchange(user.token(), upstreamAlias, tool);
    }

    public String stringArgument(String name) {
        Object value = arguments == null ? null : arguments.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("argument '" + name + "' is required (a non-empty string)");
        }
        return text;
    }
}
