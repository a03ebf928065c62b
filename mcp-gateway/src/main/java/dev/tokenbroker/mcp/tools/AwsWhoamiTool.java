package dev.tokenbroker.mcp.tools;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.mcp.broker.ExchangedToken;
import dev.tokenbroker.mcp.http.PlatformError;

/**
 * Who AWS takes the user for: the assumed-role ARN STS answered to AssumeRoleWithWebIdentity (role and
 * session name, e.g. {@code assumed-role/acme-analyst/alice+claude-desktop}), which is what
 * GetCallerIdentity would report for these credentials. GetCallerIdentity itself needs SigV4 signing,
 * which the local emulators do not verify, so the gateway reports STS's own answer rather than pretend.
 * Only the access key id leaves the gateway, never the secret or session token.
 */
public final class AwsWhoamiTool extends BrokeredTool {

    public static final String NAME = "aws_whoami";
    static final String UPSTREAM = "aws";

    public AwsWhoamiTool() {
        super(NAME, UPSTREAM, "The AWS identity (assumed role and session) the signed-in user gets through the broker.",
                GatewayTool.noArguments());
    }

    @Override
    protected PlatformCall prepare(ToolCall call) {
        return (credentials, platforms) -> identity(credentials);
    }

    private static ToolAnswer identity(ExchangedToken credentials) throws PlatformError {
        String arn = credentials.response().path("aws_assumed_role_arn").asText("");
        JsonNode keys = credentials.response().path("aws_credentials");
        if (arn.isEmpty() || !keys.isObject()) {
            throw new PlatformError(UPSTREAM, 200, "the broker's answer has no AWS credentials");
        }
        String[] parts = arn.split(":", 6);
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("platform", UPSTREAM);
        structured.put("Arn", arn);
        structured.put("Account", parts.length > 4 ? parts[4] : "");
        structured.put("AccessKeyId", keys.path("AccessKeyId").asText());
        structured.put("Expiration", keys.path("Expiration").asText());
        return new ToolAnswer("aws: " + arn, structured);
    }
}
