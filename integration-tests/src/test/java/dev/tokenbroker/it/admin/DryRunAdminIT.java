package dev.tokenbroker.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.BrokerAdmin;
import dev.tokenbroker.it.support.BrokerAdminTest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;

/**
 * The dry run: the policy decision through the pipeline's own gate and input, and the claims that
 * would be minted for a local audience and for an upstream, with nothing minted, recorded or sent.
 */
@BrokerAdminTest
class DryRunAdminIT {

    private final Realm acme;
    private final BrokerAdmin admin;
    private final Platforms platforms;

    DryRunAdminIT(Realm acme, Platforms platforms, BrokerAdmin admin) {
        this.acme = acme;
        this.platforms = platforms;
        this.admin = admin;
    }

    @Test
    void aDatabricksDryRunShowsTheDecisionAndTheAssertionClaimsAndSendsNothing() {
        JsonNode newestRecord = newestRecord();

        Http.Response response = admin.post("/dry-run", form("alice", "databricks", "all-apis"));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode dryRun = response.json();
        assertThat(dryRun.get("flow").asText()).isEqualTo("federated");
        assertThat(dryRun.get("decision").get("outcome").asText()).isEqualTo("allow");
        assertThat(dryRun.path("refusal").isMissingNode()).as("null members are left out").isTrue();
        assertThat(dryRun.path("execution").isMissingNode()).isTrue();
        JsonNode claims = dryRun.get("claims");
        assertThat(claims.get("sub").asText()).isEqualTo("alice@acme.test");
        assertThat(claims.get("aud").asText()).isEqualTo("https://acme.cloud.databricks.com");
        assertThat(claims.get("act").get("sub").asText()).isEqualTo("claude-desktop");
        assertThat(claims.get("client_id").asText()).isEqualTo("mcp-gateway");
        assertThat(claims.get("iss").asText()).endsWith("/realms/acme");
        assertThat(claims.has("jti")).as("nothing was minted").isFalse();
        JsonNode input = dryRun.get("input");
        assertThat(input.get("correlation_id").asText()).startsWith("dry-run-");
        assertThat(input.get("tool").get("tool").asText()).isEqualTo("databricks_mcp.query");
        assertThat(input.get("target").get("alias").asText()).isEqualTo("databricks");
        assertThat(input.get("user").get("username").asText()).isEqualTo("alice");

        assertThat(platforms.emulators().databricks().received()).as("the platform was not called").isEmpty();
        assertThat(newestRecord()).as("no exchange was recorded").isEqualTo(newestRecord);
    }

    @Test
    void aLocalAudienceShowsTheDelegatedTokensClaims() {
        JsonNode dryRun = admin.post("/dry-run", form("alice", "analytics-mcp", null)).json();

        assertThat(dryRun.get("flow").asText()).isEqualTo("delegation");
        assertThat(dryRun.get("decision").get("outcome").asText()).isEqualTo("allow");
        JsonNode claims = dryRun.get("claims");
        assertThat(claims.get("aud").toString()).isEqualTo("[\"analytics-mcp\"]");
        assertThat(claims.get("azp").asText()).isEqualTo("mcp-gateway");
        assertThat(claims.get("act").get("sub").asText()).isEqualTo("claude-desktop");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isBetween(1L, 300L);
        assertThat(claims.get("authorization_details").get(0).get("tool").asText()).isEqualTo("databricks_mcp.query");
    }

    @Test
    void theUpstreamsBuiltInPolicyDecidesAsInTheExchange() {
        JsonNode alice = admin.post("/dry-run", form("alice", "aws", null)).json();
        JsonNode bob = admin.post("/dry-run", form("bob", "aws", null)).json();

        assertThat(alice.get("decision").get("outcome").asText()).isEqualTo("allow");
        assertThat(alice.get("decision").get("engine").asText()).isEqualTo("builtin");
        assertThat(alice.get("decision").get("maxLifetime").asInt()).isEqualTo(300);
        assertThat(bob.get("decision").get("outcome").asText()).isEqualTo("deny");
        assertThat(bob.get("decision").get("reason").asText()).isEqualTo("the user lacks a required role or group");
        assertThat(bob.get("refusal").get("error").asText()).isEqualTo("access_denied");
        assertThat(bob.path("claims").isMissingNode()).isTrue();
        assertThat(platforms.emulators().awsSts().received()).isEmpty();
    }

    @Test
    void executeExchangesForRealAndAnswersRedactedWithTheRecordNamingTheAdmin() {
        Map<String, Object> form = new LinkedHashMap<>(form("alice", "databricks", "all-apis"));
        form.put("execute", true);

        Http.Response response = admin.post("/dry-run", form);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode execution = response.json().get("execution");
        assertThat(execution.get("status").asInt()).as("%s", execution).isEqualTo(200);
        String accessToken = execution.get("answer").get("access_token").asText();
        assertThat(accessToken).startsWith("[redacted ").contains(" chars, sha256:");
        assertThat(execution.get("answer").get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(platforms.emulators().databricks().received()).as("the platform was called once").hasSize(1);
        JsonNode audit = execution.get("audit");
        assertThat(audit.get("chain").asText()).isEqualTo("alice → claude-desktop → databricks_mcp.query → databricks");
        assertThat(audit.get("outcome").asText()).isEqualTo("allowed");
        JsonNode record = acme.admin().events("TOKEN_EXCHANGE").get(0);
        assertThat(record.get("details").get("correlation_id").asText()).isEqualTo(audit.get("correlationId").asText());
        assertThat(record.get("details").get("dry_run").asText()).isEqualTo("execute");
        assertThat(record.get("details").get("dry_run_admin").asText()).isEqualTo("admin");
        assertThat(response.body()).doesNotContain("eyJ");
        assertThat(BrokerAdmin.realmUser(acme, "execute-viewer", "view-realm").post("/dry-run", form).status())
                .as("performing needs manage-realm").isEqualTo(403);
        assertThat(BrokerAdmin.realmUser(acme, "execute-manager", "view-realm", "manage-realm").post("/dry-run", form).status())
                .as("performing acts as the user: it needs impersonation too").isEqualTo(403);
    }

    @Test
    void executeOfARefusedExchangeAnswersTheRefusalAndItsRecord() {
        Map<String, Object> form = new LinkedHashMap<>(form("bob", "aws", null));
        form.put("execute", true);

        JsonNode execution = admin.post("/dry-run", form).json().get("execution");

        assertThat(execution.get("status").asInt()).isEqualTo(400);
        assertThat(execution.get("error").asText()).isEqualTo("access_denied");
        assertThat(execution.get("audit").get("outcome").asText()).isEqualTo("denied");
        assertThat(platforms.emulators().awsSts().received()).isEmpty();
    }

    @Test
    void aSuspendedAgentIsRefusedByTheKillSwitch() {
        admin.put("/suspensions/agents/claude-desktop", Map.of("reason", "dry run check"));

        JsonNode dryRun = admin.post("/dry-run", form("alice", "analytics-mcp", null)).json();

        assertThat(dryRun.get("decision").get("engine").asText()).isEqualTo("kill-switch");
        assertThat(dryRun.get("refusal").get("errorDescription").asText()).contains("dry run check");
    }

    @Test
    void unknownNamesAreFieldErrorsAndAViewOnlyAdminMayDryRun() {
        Map<String, Object> unknown = new LinkedHashMap<>(form("nobody", "databricks", null));
        unknown.put("agent", "no-agent");
        Http.Response refused = admin.post("/dry-run", unknown);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("fields").findValuesAsText("field")).containsExactly("user", "agent");
        assertThat(admin.send("POST", "/dry-run", "{\"user\":").status()).isEqualTo(400);
        JsonNode unknownTarget = admin.post("/dry-run", form("alice", "nowhere", null)).json();
        assertThat(unknownTarget.get("refusal").get("error").asText()).isEqualTo("invalid_target");

        BrokerAdmin viewer = BrokerAdmin.realmUser(acme, "dry-run-viewer", "view-realm");
        assertThat(viewer.post("/dry-run", form("alice", "analytics-mcp", null)).status()).isEqualTo(200);
        assertThat(BrokerAdmin.anonymous(acme).post("/dry-run", form("alice", "analytics-mcp", null)).status()).isEqualTo(401);
    }

    private JsonNode newestRecord() {
        JsonNode events = acme.admin().getJson("/events?type=TOKEN_EXCHANGE&type=TOKEN_EXCHANGE_ERROR&max=1");
        return events.isEmpty() ? null : events.get(0);
    }

    private static Map<String, Object> form(String user, String target, String scope) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("user", user);
        form.put("agent", "claude-desktop");
        form.put("requestingClient", "mcp-gateway");
        form.put("tool", "databricks_mcp.query");
        form.put("server", "https://mcp.acme.test/analytics");
        form.put("target", target);
        if (scope != null) {
            form.put("scope", scope);
        }
        form.put("execute", false);
        return form;
    }
}
