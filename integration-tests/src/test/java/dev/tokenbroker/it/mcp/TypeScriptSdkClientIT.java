package dev.tokenbroker.it.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Realm;

/**
 * The TypeScript MCP SDK's client, with the SDK's own OAuth flow (discovery from the gateway's 401,
 * RFC 9728 and the realm's metadata, dynamic registration, PKCE S256, {@code resource}), signs alice
 * in and calls the gateway's tools; only the login form is filled in by the test script.
 */
@McpGateway
class TypeScriptSdkClientIT {

    private static final String EVERY_TOOL = """
            [{"name":"databricks_query","arguments":{"sql":"SELECT current_user()"}},
             {"name":"snowflake_query","arguments":{"sql":"SELECT CURRENT_USER(), CURRENT_ROLE()"}},
             {"name":"aws_whoami"},{"name":"gcp_whoami"},{"name":"corporate_whoami"}]""";

    private final Realm acme;
    private final GatewayUnderTest gateway;

    TypeScriptSdkClientIT(Realm acme, GatewayUnderTest gateway) {
        this.acme = acme;
        this.gateway = gateway;
    }

    @Test
    void theSdkClientSignsAliceInThroughClaudeDesktopAndReachesEveryPlatformAsHer() {
        JsonNode run = TypeScriptSdkClient.run(gateway.resource(), "alice", "alice", EVERY_TOOL, "claude-desktop");

        assertThat(run.get("registered").asBoolean()).isFalse();
        assertThat(run.path("authorization_request").path("resource").asText()).isEqualTo(gateway.resource().toString());
        assertThat(run.path("authorization_request").path("scope").asText()).isEqualTo("mcp:tools");
        assertThat(run.path("authorization_request").path("code_challenge_method").asText()).isEqualTo("S256");
        assertThat(run.path("token").path("aud").toString()).contains(gateway.resource().toString());
        assertThat(run.path("token").path("azp").asText()).isEqualTo("claude-desktop");
        assertThat(run.get("protocol_version").asText()).isEqualTo("2025-11-25");
        assertThat(run.get("server").asText()).isEqualTo("tokenbroker-mcp-gateway");
        assertThat(run.get("tools").toString()).contains("databricks_query", "snowflake_query", "aws_whoami", "gcp_whoami",
                "corporate_whoami");

        JsonNode calls = run.get("calls");
        assertThat(calls.path("databricks_query").path("isError").asBoolean()).as("%s", calls).isFalse();
        assertThat(calls.path("databricks_query").path("structured").path("rows").toString()).isEqualTo("[[\"alice@acme.test\"]]");
        assertThat(calls.path("snowflake_query").path("structured").path("rows").toString()).isEqualTo("[[\"ALICE\",\"ANALYST\"]]");
        assertThat(calls.path("aws_whoami").path("structured").path("Arn").asText()).endsWith("assumed-role/acme-analyst/alice+claude-desktop");
        assertThat(calls.path("gcp_whoami").path("structured").path("email").asText()).isEqualTo("analyst@acme-data.iam.gserviceaccount.com");
        assertThat(calls.path("corporate_whoami").path("isError").asBoolean()).isTrue();
        assertThat(calls.path("corporate_whoami").path("text").asText()).contains("has not linked identity provider 'corporate'");

        JsonNode record = acme.admin().events("TOKEN_EXCHANGE").get(0).path("details");
        assertThat(record.path("tool").asText()).isEqualTo("gcp_whoami");
        assertThat(record.path("actor").asText()).isEqualTo("claude-desktop");
    }

    @Test
    void theSdkClientRegistersItselfAndIsAnAgentTheRealmDoesNotKnowYet() {
        JsonNode run = TypeScriptSdkClient.run(gateway.resource(), "alice", "alice",
                "[{\"name\":\"databricks_query\",\"arguments\":{\"sql\":\"SELECT current_user()\"}}]", null);
        String clientId = run.get("client_id").asText();
        ObjectNode registered = acme.admin().client(clientId);
        try {
            assertThat(run.get("registered").asBoolean()).isTrue();
            assertThat(registered.get("publicClient").asBoolean()).isTrue();
            assertThat(registered.get("consentRequired").asBoolean()).isFalse();
            assertThat(run.path("token").path("azp").asText()).isEqualTo(clientId);
            assertThat(run.path("token").path("aud").toString()).contains(gateway.resource().toString());
            JsonNode call = run.path("calls").path("databricks_query");
            assertThat(call.path("isError").asBoolean()).isTrue();
            assertThat(call.path("text").asText()).contains("Keycloak refused the token exchange for databricks_query",
                    "unauthorized_client");
        } finally {
            acme.admin().delete("/clients/" + registered.get("id").asText());
        }
    }
}
