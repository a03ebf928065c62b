package dev.tokenbroker.it.policy;

import static dev.tokenbroker.it.policy.PolicyExchanges.TOOL;
import static dev.tokenbroker.it.policy.PolicyExchanges.TOOL_DETAILS;
import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.emulators.opa.OpaDocument;
import dev.tokenbroker.emulators.opa.OpaEmulator;
import dev.tokenbroker.emulators.opa.OpaQuery;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.Upstreams;

/**
 * OPA as the engine, through its REST Data API (the OPA stand-in on loopback): allow, deny, narrow,
 * the input it receives, and every failure mode failing closed with the reason in the record.
 */
@RealKeycloak
class OpaPolicyIT {

    private static final String UPSTREAM = "databricks-opa";
    private static final String PATH = "tokenbroker/exchange/decision";
    private static String upstreamId;

    private OpaEmulator opa;

    @BeforeAll
    static void createUpstream(Realm acme, Platforms platforms) {
        upstreamId = PolicyExchanges.createDatabricksUpstream(acme, platforms, UPSTREAM, "policy.engine", "opa",
                "policy.opa.url", platforms.emulators().opa().url().toString(), "policy.opa.timeout.read.ms", "500");
    }

    @AfterAll
    static void deleteUpstream(Realm acme) {
        Upstreams.delete(acme, upstreamId);
    }

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
        opa = platforms.emulators().opa();
    }

    private void decide(OpaDocument document) {
        opa.reconfigure(config -> config.withDocument(PATH, document));
    }

    /**
     * The query OPA answered for the exchange this record describes, found by the record's correlation id:
     * the newest query may belong to another exchange (a delayed one lands after the exchange that timed out).
     */
    private OpaQuery queryFor(JsonNode record) {
        String correlationId = record.path("correlation_id").asText();
        List<OpaQuery> matching = opa.queries().stream()
                .filter(query -> correlationId.equals(query.correlationId()))
                .toList();
        assertThat(matching).as("OPA queries for correlation id %s", correlationId).hasSize(1);
        return matching.get(0);
    }

    @Test
    void opaAllowsAndReceivesTheDocumentedInputWithTheTool(Realm acme, Platforms platforms) {
        decide(OpaDocument.allow());

        Http.Response response = PolicyExchanges.forAlice(acme).audience(UPSTREAM).param("authorization_details", TOOL_DETAILS).post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode record = PolicyExchanges.latestRecord(acme, true);
        OpaQuery query = queryFor(record);
        JsonNode input = query.input();
        assertThat(query.path()).isEqualTo(PATH);
        assertThat(input.get("version").asInt()).isEqualTo(1);
        assertThat(input.get("realm").asText()).isEqualTo("acme");
        assertThat(input.get("flow").asText()).isEqualTo("federated");
        assertThat(input.get("requesting_client").asText()).isEqualTo("mcp-gateway");
        assertThat(input.get("client_address").asText()).isNotBlank();
        assertThat(Instant.parse(input.get("time").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
        assertThat(input.get("user").get("id").asText()).isEqualTo(acme.admin().user("alice").get("id").asText());
        assertThat(input.get("user").get("username").asText()).isEqualTo("alice");
        assertThat(input.get("user").get("realm_roles").toString()).contains("\"analyst\"");
        assertThat(input.get("user").get("attributes").isEmpty()).as("no attributes unless asked for").isTrue();
        assertThat(input.get("actor_chain").toString()).isEqualTo("[{\"sub\":\"claude-desktop\",\"type\":\"client\"}]");
        assertThat(input.get("tool").get("tool").asText()).isEqualTo(TOOL);
        assertThat(input.get("authorization_details")).isEqualTo(readTree(TOOL_DETAILS));
        assertThat(input.get("target").toString()).isEqualTo("{\"type\":\"upstream\",\"alias\":\"" + UPSTREAM + "\",\"provider\":\"databricks\"}");
        assertThat(input.get("scope").toString()).isEqualTo("[\"all-apis\"]");
        assertThat(input.get("lifetime_seconds").asLong()).isBetween(1L, 300L);
        assertThat(input.toString()).doesNotContain("eyJ");

        assertThat(record.path("policy_engine").asText()).isEqualTo("opa");
        assertThat(record.path("policy_outcome").asText()).isEqualTo("allow");
        assertThat(record.path("policy_decision_id").asText()).isEqualTo(query.decisionId()).isNotBlank();
        assertThat(record.path("correlation_id").asText()).isEqualTo(input.get("correlation_id").asText());
        assertThat(record.path("tool").asText()).isEqualTo(TOOL);
    }

    @Test
    void opaDenyIsAccessDeniedWithOnlyThePolicysReason(Realm acme, Platforms platforms) {
        decide(OpaDocument.deny("Databricks is for analysts, and only on weekdays"));

        Http.Response response = PolicyExchanges.forAlice(acme).audience(UPSTREAM).post();

        JsonNode body = assertOAuthError(response, 400, "access_denied");
        assertThat(body.get("error_description").asText()).isEqualTo("Databricks is for analysts, and only on weekdays");
        JsonNode record = PolicyExchanges.refusalRecord(acme, response);
        assertThat(record.path("policy_engine").asText()).isEqualTo("opa");
        assertThat(record.path("policy_outcome").asText()).isEqualTo("deny");
        assertThat(record.path("policy_reason").asText()).isEqualTo("Databricks is for analysts, and only on weekdays");
        assertThat(record.path("policy_decision_id").asText()).isEqualTo(queryFor(record).decisionId()).isNotBlank();
        assertThat(platforms.emulators().databricks().calls()).as("nothing minted or forwarded").isZero();
    }

    @Test
    void opaNarrowsTheScopeSentToThePlatform(Realm acme, Platforms platforms) {
        decide(OpaDocument.narrow(60, "sql"));

        Http.Response response = PolicyExchanges.forAlice(acme).audience(UPSTREAM).scope("all-apis sql").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(platforms.emulators().databricks().lastReceived().params()).containsEntry("scope", "sql");
        var assertion = platforms.emulators().databricks().lastReceived().token().orElseThrow().claims();
        assertThat((assertion.getExpirationTime().getTime() - assertion.getIssueTime().getTime()) / 1000).isLessThanOrEqualTo(60);
    }

    @Test
    void asTheRealmDefaultOpaDecidesAndNarrowsALocalDelegation(Realm acme) {
        PolicyExchanges.setRealmAttributes(acme, "tokenbroker.policy.engine", "opa", "tokenbroker.policy.opa.url", opa.url().toString(),
                "tokenbroker.policy.user-attributes", "department");
        try {
            decide(OpaDocument.narrow(60, "email"));

            JsonNode claims = Jwt.claims(assertIssuedAccessToken(PolicyExchanges.forAlice(acme).audience("analytics-mcp").post()));

            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(60);
            assertThat(claims.get("scope").asText()).isEqualTo("email");
            JsonNode input = queryFor(PolicyExchanges.latestRecord(acme, true)).input();
            assertThat(input.get("flow").asText()).isEqualTo("delegation");
            assertThat(input.get("target").toString()).isEqualTo("{\"type\":\"client\",\"audience\":[\"analytics-mcp\"]}");
            assertThat(input.get("user").get("attributes").toString()).isEqualTo("{\"department\":[\"analytics\"]}");
        } finally {
            PolicyExchanges.setRealmAttributes(acme, "tokenbroker.policy.engine", "none", "tokenbroker.policy.opa.url", "http://127.0.0.1:8181",
                    "tokenbroker.policy.user-attributes", "");
        }
    }

    /** Each way OPA can fail to give a decision, and how the exchange answers. */
    enum Failure {
        FIVE_XX(503, "temporarily_unavailable", "unavailable", "policy unavailable: OPA answered HTTP 502"),
        EVALUATION_ERROR(503, "temporarily_unavailable", "unavailable", "policy unavailable: OPA answered HTTP 500"),
        HANG(503, "temporarily_unavailable", "unavailable", "policy unavailable: OPA timed out after 500 ms"),
        GARBAGE(503, "temporarily_unavailable", "unavailable", "policy unavailable: OPA sent a malformed answer"),
        UNDEFINED(400, "access_denied", "deny", "the policy has no decision for this request"),
        NOT_A_DECISION(400, "access_denied", "deny", "the policy's answer is not a decision");

        final int status;
        final String error;
        final String outcome;
        final String reason;

        Failure(int status, String error, String outcome, String reason) {
            this.status = status;
            this.error = error;
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyOpaFailureFailsClosedWithTheReasonInTheRecord(Failure failure, Realm acme, Platforms platforms) {
        decide(OpaDocument.allow());
        switch (failure) {
            case FIVE_XX -> opa.faults().next(1, Fault.respond(502, "text/html", "<html>bad gateway</html>"));
            case EVALUATION_ERROR -> decide(OpaDocument.evaluationError("eval_conflict_error: complete rules must not produce multiple outputs"));
            case HANG -> opa.faults().next(1, Fault.delay(Duration.ofSeconds(3)));
            case GARBAGE -> opa.faults().next(1, Fault.malformedBody());
            case UNDEFINED -> decide(OpaDocument.undefined());
            case NOT_A_DECISION -> decide(OpaDocument.value("yes"));
        }

        Http.Response response = PolicyExchanges.forAlice(acme).audience(UPSTREAM).post();

        assertThat(assertOAuthError(response, failure.status, failure.error).get("error_description").asText()).isEqualTo(failure.reason);
        JsonNode record = PolicyExchanges.refusalRecord(acme, response);
        assertThat(record.path("policy_engine").asText()).isEqualTo("opa");
        assertThat(record.path("policy_outcome").asText()).isEqualTo(failure.outcome);
        assertThat(record.path("policy_reason").asText()).isEqualTo(failure.reason);
        assertThat(platforms.emulators().databricks().calls()).as("nothing minted or forwarded").isZero();
        if (failure == Failure.HANG) {
            awaitTheHungQuery();
        }
    }

    /**
     * The emulator records a delayed query only when its delay ends, after the exchange gave up on it: wait
     * for it here, so that it does not land among the next test's queries.
     */
    private void awaitTheHungQuery() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (opa.queries().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(opa.queries()).as("the hung query, answered once its delay ended").hasSize(1);
    }

    @Test
    void opaDownFailsClosedAsUnavailable(Realm acme) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PolicyExchanges.updateComponent(acme, upstreamId, Map.of("policy.opa.url", "http://127.0.0.1:" + closedPort));
        try {
            Http.Response response = PolicyExchanges.forAlice(acme).audience(UPSTREAM).post();

            assertThat(assertOAuthError(response, 503, "temporarily_unavailable").get("error_description").asText())
                    .isEqualTo("policy unavailable: OPA is unreachable (HttpHostConnectException)");
            assertThat(PolicyExchanges.refusalRecord(acme, response).path("policy_outcome").asText()).isEqualTo("unavailable");
        } finally {
            PolicyExchanges.updateComponent(acme, upstreamId, Map.of("policy.opa.url", opa.url().toString()));
        }
    }

    @Test
    void anOpaThatDemandsATokenGetsTheConfiguredOneAndNoRecordShowsIt(Realm acme) {
        decide(OpaDocument.allow());
        opa.reconfigure(config -> config.withBearerToken("demo-opa-token"));
        try {
            Http.Response refused = PolicyExchanges.forAlice(acme).audience(UPSTREAM).post();
            assertThat(assertOAuthError(refused, 503, "temporarily_unavailable").get("error_description").asText())
                    .isEqualTo("policy unavailable: OPA answered HTTP 401");

            PolicyExchanges.updateComponent(acme, upstreamId, Map.of("policy.opa.token", "demo-opa-token"));
            assertThat(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post().status()).isEqualTo(200);

            PolicyExchanges.updateComponent(acme, upstreamId, Map.of("policy.opa.token", "${vault.no-such-entry}"));
            assertThat(assertOAuthError(PolicyExchanges.forAlice(acme).audience(UPSTREAM).post(), 503, "temporarily_unavailable")
                    .get("error_description").asText()).isEqualTo("policy unavailable: the OPA bearer token is not in the vault");

            assertThat(acme.admin().events("TOKEN_EXCHANGE").toString()).doesNotContain("demo-opa-token");
            assertThat(acme.admin().events("TOKEN_EXCHANGE_ERROR").toString()).doesNotContain("demo-opa-token");
            assertThat(acme.admin().getJson("/components/" + upstreamId).toString()).doesNotContain("demo-opa-token");
        } finally {
            PolicyExchanges.updateComponent(acme, upstreamId, Map.of("policy.opa.token", ""));
        }
    }

    @Test
    void anUpstreamWhoseOpaUrlBreaksTheOutboundRulesIsRefusedOnSave(Realm acme) {
        JsonNode component = acme.admin().getJson("/components/" + upstreamId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) component.get("config")).putArray("policy.opa.url").add("http://169.254.169.254/");

        Http.Response response = acme.admin().put("/components/" + upstreamId, component);

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains("policy.opa.url");
    }

    private static JsonNode readTree(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
