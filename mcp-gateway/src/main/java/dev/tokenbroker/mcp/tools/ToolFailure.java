package dev.tokenbroker.mcp.tools;

import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.http.PlatformError;

/**
 * Why a tool call did not answer: the sentence the model and the user read ({@code text}) and the short
 * outcome the gateway logs. Every way a call fails is worded here, once for all tools; the texts carry
 * Keycloak's OAuth error and description or the platform's own error fields, never a token.
 */
record ToolFailure(String text, String outcome) {

    /** Keycloak answered with an OAuth error, or (status 0) could not be reached. */
    static ToolFailure of(String tool, ExchangeRefused refused) {
        if (refused.status() == 0) {
            return new ToolFailure("the token exchange for " + tool + " failed: " + refused.description(), refused.error());
        }
        return new ToolFailure("Keycloak refused the token exchange for " + tool + ": " + refused.error()
                + " (" + refused.description() + ")", refused.error());
    }

    /** The platform refused the credential or the request, or did not answer; its message is already worded. */
    static ToolFailure of(PlatformError error) {
        return new ToolFailure(error.getMessage(), error.platform() + " " + error.status());
    }

    static ToolFailure badArguments(IllegalArgumentException e) {
        return new ToolFailure(e.getMessage(), "bad arguments");
    }

    static ToolFailure internal(String tool) {
        return new ToolFailure("the gateway failed to run " + tool, "internal error");
    }

    static ToolFailure unauthenticated() {
        return new ToolFailure("no validated access token with this request", "unauthenticated");
    }
}
