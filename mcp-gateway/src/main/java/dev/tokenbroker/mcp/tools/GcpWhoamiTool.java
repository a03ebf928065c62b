package dev.tokenbroker.mcp.tools;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who Google takes the token for: Google's tokeninfo on the service-account token the broker obtained
 * (workload identity federation, then impersonation of the account the user may impersonate). The
 * token goes in the form body, never in the URL.
 */
public final class GcpWhoamiTool extends BrokeredTool {

    public static final String NAME = "gcp_whoami";
    static final String UPSTREAM = "gcp";

    private final URI tokenInfo;

    public GcpWhoamiTool(URI oauth2) {
        super(NAME, UPSTREAM, "The Google Cloud identity (service account, scopes) the signed-in user gets through the broker.",
                GatewayTool.noArguments());
        this.tokenInfo = URI.create(oauth2 + "/tokeninfo");
    }

    @Override
    protected PlatformCall prepare(ToolCall call) {
        return (credential, platforms) -> {
            JsonNode info = platforms.send(UPSTREAM, HttpRequest.newBuilder(tokenInfo)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("access_token="
                            + URLEncoder.encode(credential.accessToken(), StandardCharsets.UTF_8))));
            Map<String, Object> structured = new LinkedHashMap<>();
            structured.put("platform", UPSTREAM);
            structured.put("email", info.path("email").asText());
            structured.put("scope", info.path("scope").asText());
            structured.put("expires_in", info.path("expires_in").asText());
            return new ToolAnswer("gcp: " + info.path("email").asText(), structured);
        };
    }
}
