package dev.tokenbroker.mcp.broker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the broker issued for one tool call. Held for that call only: the gateway caches nothing, the
 * broker caches platform tokens. {@code toString} leaves the credential out.
 */
public record ExchangedToken(String accessToken, String issuedTokenType, long expiresIn, JsonNode response) {

    @Override
    public String toString() {
        return "ExchangedToken[issuedTokenType=" + issuedTokenType + ", expiresIn=" + expiresIn + "]";
    }
}
