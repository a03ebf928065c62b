package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.mcp.broker.ExchangeRefused;
import dev.tokenbroker.mcp.http.PlatformError;

/**
 * Session passthrough: the user's own stored token of the corporate identity provider (upstream
 * {@code corporate-token}), used at the IdP's userinfo endpoint to show who the corporate side sees. A
 * user who never linked the IdP gets the broker's refusal with the link to follow.
 */
public final class CorporateWhoamiTool implements GatewayTool {

    public static final String NAME = "corporate_whoami";
    static final String UPSTREAM = "corporate-token";

    private final URI userInfo;

    public CorporateWhoamiTool(URI userInfo) {
        this.userInfo = userInfo;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Who the corporate identity provider sees, with the signed-in user's own corporate token (passthrough).";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return GatewayTool.noArguments();
    }

    @Override
    public ToolAnswer call(ToolCall call) throws ExchangeRefused, PlatformError {
        String token = call.exchange(UPSTREAM).accessToken();
        JsonNode info = call.platforms().send("corporate IdP", HttpRequest.newBuilder(userInfo).GET()
                .header("Authorization", "Bearer " + token));
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("platform", "corporate");
        structured.put("sub", info.path("sub").asText());
        structured.put("preferred_username", info.path("preferred_username").asText());
        structured.put("email", info.path("email").asText());
        return new ToolAnswer("corporate: " + info.path("preferred_username").asText(), structured);
    }
}
