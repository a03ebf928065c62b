package dev.tokenbroker.mcp.tools;

import java.util.Map;

import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.broker.ExchangedToken;
import dev.tokenbroker.mcp.http.PlatformError;
import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * A tool that reaches one upstream as the signed-in user: one exchange at Keycloak for that upstream,
 * with this tool named in {@code authorization_details}, then one use of the credential. A tool holds
 * only what is its own: the upstream alias, the input schema, and (in {@link #prepare}) the platform
 * request and how its answer reads. Refusals and platform errors are thrown as they come and worded for
 * the caller in one place, {@link ToolFailure}.
 */
public abstract class BrokeredTool implements GatewayTool {

    private final String name;
    private final String upstream;
    private final String description;
    private final Map<String, Object> inputSchema;

    protected BrokeredTool(String name, String upstream, String description, Map<String, Object> inputSchema) {
        this.name = name;
        this.upstream = upstream;
        this.description = description;
        this.inputSchema = inputSchema;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The upstream alias the exchange asks for (its {@code audience}). */
    public final String upstream() {
        return upstream;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Map<String, Object> inputSchema() {
        return inputSchema;
    }

    @Override
    public final ToolAnswer call(ToolCall call) throws ExchangeRefused, PlatformError {
        // Arguments first: a call the tool cannot make must not cost an exchange or leave an audit record.
        PlatformCall platformCall = prepare(call);
        ExchangedToken credential = call.exchange(upstream);
        try {
            return platformCall.answer(credential, call.platforms());
        } catch (PlatformError e) {
            throw withoutCredential(e, credential.accessToken());
        }
    }

    /** A platform may echo the credential it rejects in its error message; that message goes to the model. */
    private static PlatformError withoutCredential(PlatformError error, String credential) {
        String message = error.getMessage();
        if (credential.isEmpty() || message == null || !message.contains(credential)) {
            return error;
        }
        return new PlatformError(error.platform(), error.status(), message.replace(credential, "[credential]"));
    }

    /**
     * Reads the call's arguments (an {@link IllegalArgumentException} names a bad one) and returns what
     * to do once Keycloak has issued the credential.
     */
    protected abstract PlatformCall prepare(ToolCall call);

    /** The tool's own use of the issued credential: the platform request and how its answer reads. */
    @FunctionalInterface
    protected interface PlatformCall {
        ToolAnswer answer(ExchangedToken credential, PlatformHttp platforms) throws PlatformError;
    }
}
