package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Session passthrough: the user's own stored token of the corporate identity provider (upstream
 * {@code corporate-token}), used at the IdP's userinfo endpoint to show who the corporate side sees. A
 * user who never linked the IdP gets the broker's refusal with the link to follow.
 */
public final class CorporateWhoamiTool extends BrokeredTool {

    public static final String NAME = "corporate_whoami";
    static final String UPSTREAM = "corporate-token";
    /** How errors name the platform: the IdP, not the upstream alias. */
    static final String PLATFORM = "corporate IdP";

    private final URI userInfo;

    public CorporateWhoamiTool(URI userInfo) {
        super(NAME, UPSTREAM, "Who the corporate identity provider sees, with the signed-in user's own corporate token (passthrough).",
                GatewayTool.noArguments());
        this.userInfo = userInfo;
    }

    @Override
    protected PlatformCall prepare(ToolCall call) {
        return (credential, platforms) -> {
            JsonNode info = platforms.sendWithBearer(PLATFORM, credential.accessToken(), HttpRequest.newBuilder(userInfo).GET());
            Map<String, Object> structured = new LinkedHashMap<>();
            structured.put("platform", "corporate");
            structured.put("sub", info.path("sub").asText());
            structured.put("preferred_username", info.path("preferred_username").asText());
            structured.put("email", info.path("email").asText());
            return new ToolAnswer("corporate: " + info.path("preferred_username").asText(), structured);
        };
    }
}
