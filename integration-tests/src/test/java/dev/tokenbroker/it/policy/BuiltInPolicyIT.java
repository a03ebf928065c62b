package dev.tokenbroker.it.policy;

import static dev.tokenbroker.it.policy.PolicyExchanges.TOOL_DETAILS;
import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.Upstreams;

/**
 * The built-in engine against the real server: the demo realm's policy on the aws upstream, then each
 * rule on an upstream of the test's own, on an audience client and as the realm default.
 */
@RealKeycloak
class BuiltInPolicyIT {

    private static final String UPSTREAM = "databricks-rules";
    private static String upstreamId;

    @BeforeAll
    static void createUpstream(Realm acme, Platforms platforms) {
        upstreamId = PolicyExchanges.createDatabricksUpstream(acme, platforms, UPSTREAM, "policy.engine", "builtin");
    }

    @AfterAll
    static void deleteUpstream(Realm acme) {
        Upstreams.delete(acme, upstreamId);
    }

    @BeforeEach
    void reset(Realm acme, Platforms platforms) {
        platforms.emulators().resetAll();
        rules(acme);
    }

    /** The test upstream's built-in rules: exactly these, every other rule unset. */
    private static void rules(Realm acme, String... keysAndValues) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String rule : new String[] {"agents", "tools", "roles", "groups", "max-lifetime", "scopes", "time-windows", "time-zone"}) {
            rules.put("policy." + rule, "");
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rules.put("policy." + keysAndValues[i], keysAndValues[i + 1]);
        }
        PolicyExchanges.updateComponent(acme, upstreamId, rules);
    }

    private static void assertDenied(Realm acme, Http.Response response, String reason) {
        JsonNode body = assertOAuthError(response, 400, "access_denied");
        assertThat(body.get("error_description").asText()).isEqualTo(reason);
        JsonNode record = PolicyExchanges.refusalRecord(acme, response);
        assertThat(record.path("policy_engine").asText()).isEqualTo("builtin");
        assertThat(record.path("policy_outcome").asText()).isEqualTo("deny");
        assertThat(record.path("policy_reason").asText()).isEqualTo(reason);
    }

    // --- the demo realm: aws only for the AI agents, only for analysts, at most five minutes ---

    @Test
    void bobIsNoAnalystSoTheDemoPolicyRefusesHimAws(Realm acme, Platforms platforms) {
        Http.Response response = PolicyExchanges.forBob(acme).audience("aws").post();

        assertDenied(acme, response, "the user lacks a required role or group");
        assertThat(platforms.emulators().awsSts().calls()).as("nothing minted or forwarded").isZero();
    }

    @Test
    void aliceThroughClaudeReachesAwsAndTheRecordSaysTheBuiltInEngineAllowed(Realm acme) {
        Http.Response response = PolicyExchanges.forAlice(acme).audience("aws").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode record = PolicyExchanges.latestRecord(acme, true);
        assertThat(record.path("policy_engine").asText()).isEqualTo("builtin");
        assertThat(record.path("policy_outcome").asText()).isEqualTo("allow");
    }

    @Test
    void aToolOneHopFurtherIsNoAgentTheDemoPolicyKnowsForAws(Realm acme) {
        String delegated = assertIssuedAccessToken(PolicyExchanges.forAlice(acme).audience("analytics-mcp").post());

        Http.Response response = acme.exchange("analytics-mcp", "demo-analytics-mcp-secret").subject(delegated).audience("aws").post();

        assertDenied(acme, response, "agent 'mcp-gateway' may not act for users here");
    }

    // --- each rule ---

    @Test
    void agentsRuleAdmitsOnlyTheListedCurrentActor(Realm acme) {
        rules(acme, "agents", "chatgpt cursor");
        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(), "agent 'claude-desktop' may not act for users here");

        rules(acme, "agents", "chatgpt claude-desktop");
        assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post().status()).isEqualTo(200);
    }

    @Test
    void toolsRuleNeedsOneOfTheListedTools(Realm acme) {
        rules(acme, "tools", "databricks_mcp.query");

        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(), "a tool_invocation (authorization_details) is required here");
        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM)
                .param("authorization_details", "[{\"type\":\"tool_invocation\",\"tool\":\"databricks_mcp.drop_table\"}]").post(),
                "tool 'databricks_mcp.drop_table' may not be used here");
        assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).param("authorization_details", TOOL_DETAILS).post().status())
                .isEqualTo(200);
    }

    @Test
    void rolesRuleNeedsOneOfTheRealmRoles(Realm acme) {
        rules(acme, "roles", "auditor");
        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(), "the user lacks a required role or group");

        rules(acme, "roles", "auditor analyst");
        assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post().status()).isEqualTo(200);
    }

    @Test
    void groupsRuleAdmitsMembersOfTheGroupOrItsSubgroups(Realm acme) {
        String groupId = createGroup(acme, "policy-analysts");
        String subgroupId = createSubgroup(acme, groupId, "emea");
        String bob = acme.admin().user("bob").get("id").asText();
        try {
            rules(acme, "groups", "/policy-analysts");
            assertDenied(acme, PolicyExchanges.forBob(acme).audience(UPSTREAM).post(), "the user lacks a required role or group");

            assertThat(acme.admin().put("/users/" + bob + "/groups/" + subgroupId, Http.JSON.createObjectNode()).status()).isEqualTo(204);
            assertThat(PolicyExchanges.forBob(acme).audience(UPSTREAM).post().status()).isEqualTo(200);
        } finally {
            acme.admin().delete("/groups/" + groupId);
        }
    }

    @Test
    void maxLifetimeRuleShortensWhatIsIssued(Realm acme, Platforms platforms) {
        rules(acme, "max-lifetime", "60");

        assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post().status()).isEqualTo(200);

        var assertion = platforms.emulators().databricks().lastReceived().token().orElseThrow().claims();
        long lifetime = (assertion.getExpirationTime().getTime() - assertion.getIssueTime().getTime()) / 1000;
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(60);
    }

    @Test
    void scopesRuleNarrowsAndNeverWidens(Realm acme, Platforms platforms) {
        rules(acme, "scopes", "sql email");

        Http.Response narrowed = PolicyExchanges.forAlice(acme).audience(UPSTREAM).scope("all-apis sql").post();
        assertThat(narrowed.status()).as("%s", narrowed).isEqualTo(200);
        assertThat(narrowed.json().get("scope").asText()).isEqualTo("sql");
        assertThat(platforms.emulators().databricks().lastReceived().params()).containsEntry("scope", "sql");

        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(), "the policy allows none of the requested scopes");
    }

    @Test
    void timeWindowsRuleAdmitsOnlyInsideTheWindowsOfItsZone(Realm acme) {
        DayOfWeek tomorrow = ZonedDateTime.now(ZoneOffset.UTC).plusDays(1).getDayOfWeek();
        String day = tomorrow.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        rules(acme, "time-windows", day + " 00:00-24:00", "time-zone", "UTC");
        assertDenied(acme, PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(),
                "outside the allowed hours (" + day + " 00:00-24:00 UTC)");

        rules(acme, "time-windows", "* 00:00-24:00", "time-zone", "Europe/Berlin");
        assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post().status()).isEqualTo(200);
    }

    // --- where the rules live ---

    @Test
    void anAudienceClientsRulesNarrowTheDelegatedToken(Realm acme) {
        PolicyExchanges.setClientAttributes(acme, "analytics-mcp", "tokenbroker.policy.engine", "builtin",
                "tokenbroker.policy.max-lifetime", "60", "tokenbroker.policy.scopes", "email");
        try {
            Http.Response response = PolicyExchanges.forAlice(acme).audience("analytics-mcp").post();

            JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(60);
            assertThat(claims.get("scope").asText()).isEqualTo("email");
            assertThat(PolicyExchanges.latestRecord(acme, true).path("policy_engine").asText()).isEqualTo("builtin");
        } finally {
            PolicyExchanges.setClientAttributes(acme, "analytics-mcp", "tokenbroker.policy.engine", "",
                    "tokenbroker.policy.max-lifetime", "", "tokenbroker.policy.scopes", "");
        }
    }

    @Test
    void theRealmDefaultDecidesTargetsWithoutAnEngineOfTheirOwn(Realm acme) {
        PolicyExchanges.setRealmAttributes(acme, "tokenbroker.policy.engine", "builtin", "tokenbroker.policy.roles", "auditor");
        try {
            assertDenied(acme, PolicyExchanges.forAlice(acme).audience("analytics-mcp").post(), "the user lacks a required role or group");
            // aws names its own engine: the realm default does not apply there
            assertThat(PolicyExchanges.forAlice(acme).audience("aws").post().status()).isEqualTo(200);
        } finally {
            PolicyExchanges.setRealmAttributes(acme, "tokenbroker.policy.engine", "none", "tokenbroker.policy.roles", "");
        }
    }

    // --- validation on save ---

    @Test
    void anUpstreamWithInvalidRulesIsRefusedOnSave(Realm acme, Platforms platforms) {
        Http.Response response = Upstreams.create(acme, "databricks-bad-rules", "databricks", Map.of(
                "assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "policy.engine", "builtin", "policy.time-windows", "weekdays 9-5"));

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains("policy.time-windows");
    }

    @Test
    void aClientWithInvalidPolicySettingsIsRefusedOnSave(Realm acme) {
        Http.Response response = PolicyExchanges.putClientAttributes(acme, "analytics-mcp", "tokenbroker.policy.engine", "opa");

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains("tokenbroker.policy.opa.url is required for engine opa");
    }

    private static String createGroup(Realm acme, String name) {
        Http.Response response = acme.admin().post("/groups", Http.JSON.createObjectNode().put("name", name));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        String location = response.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String createSubgroup(Realm acme, String parentId, String name) {
        Http.Response response = acme.admin().post("/groups/" + parentId + "/children", Http.JSON.createObjectNode().put("name", name));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        String location = response.header("Location");
        return location != null ? location.substring(location.lastIndexOf('/') + 1) : response.json().get("id").asText();
    }
}
