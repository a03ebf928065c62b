package dev.tokenbroker.it.audit;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/**
 * The SIEM line: one JSON object per exchange on the log category dev.tokenbroker.audit, joined to
 * the Keycloak event by correlation_id, complete for each flow and refusal, and never holding a token
 * or secret; plus the metrics on the management port.
 */
@RealKeycloak
class AuditTrailIT {

    private static final String GATEWAY = "mcp-gateway";
    private static final String SECRET = "demo-mcp-gateway-secret";

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void aDelegationLeavesOneLineWithTheWholeChain(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        JsonNode event = eventFor(acme, "TOKEN_EXCHANGE", "token_id", Jwt.claims(delegated).get("jti").asText());

        JsonNode line = onlyLine(acme, event.path("details").path("correlation_id").asText());

        assertThat(line.get("schema").asText()).isEqualTo("tokenbroker.audit/1");
        assertThat(line.get("outcome").asText()).isEqualTo("allowed");
        assertThat(line.get("chain").asText()).isEqualTo("alice → claude-desktop → analytics-mcp");
        assertThat(line.at("/user/username").asText()).isEqualTo("alice");
        assertThat(line.at("/user/id").asText()).isEqualTo(Jwt.claims(delegated).get("sub").asText());
        assertThat(line.get("actor_chain").toString()).isEqualTo("[\"claude-desktop\"]");
        assertThat(line.at("/actor/type").asText()).isEqualTo("client");
        assertThat(line.get("requesting_client").asText()).isEqualTo(GATEWAY);
        assertThat(line.at("/target/name").asText()).isEqualTo("analytics-mcp");
        assertThat(line.get("flow").asText()).isEqualTo("delegation");
        assertThat(line.at("/decision/outcome").asText()).isEqualTo("allow");
        assertThat(line.get("token_id").asText()).isEqualTo(Jwt.claims(delegated).get("jti").asText());
        assertThat(line.at("/granted/expires_in").asLong()).isBetween(1L, 300L);
        assertThat(line.get("client_address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void aFederatedExchangeLineJoinsThePlatformsLogByTheAssertionId(Realm acme, Platforms platforms) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("databricks").post();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        String assertionId = platforms.emulators().databricks().lastReceived().token().orElseThrow().claims().getJWTID();
        JsonNode event = eventFor(acme, "TOKEN_EXCHANGE", "upstream_assertion_id", assertionId);

        JsonNode line = onlyLine(acme, event.path("details").path("correlation_id").asText());

        assertThat(line.get("chain").asText()).isEqualTo("alice → claude-desktop → databricks");
        assertThat(line.get("flow").asText()).isEqualTo("federated");
        assertThat(line.at("/upstream/alias").asText()).isEqualTo("databricks");
        assertThat(line.at("/upstream/provider").asText()).isEqualTo("databricks");
        assertThat(line.at("/upstream/assertion_jti").asText()).isEqualTo(assertionId);
        assertThat(line.at("/upstream/outcome").asText()).isEqualTo("issued");
        assertThat(line.at("/upstream/latency_ms").isNumber()).isTrue();
        assertThat(line.at("/granted/expires_in").asLong()).isPositive();
    }

    @Test
    void aRequestRefusedBeforeRoutingLeavesOneLineWithTheAnswersError(Realm acme) {
        Http.Response refused = acme.exchange(GATEWAY, SECRET).param("subject_token", acme.aliceViaClaude()).audience("analytics-mcp").post();
        assertOAuthError(refused, 400, "invalid_request");
        JsonNode event = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);

        JsonNode line = onlyLine(acme, event.path("details").path("correlation_id").asText());

        assertThat(line.get("outcome").asText()).isEqualTo("refused");
        assertThat(line.get("error").asText()).isEqualTo("invalid_request");
        assertThat(line.get("reason").asText()).isEqualTo(refused.json().get("error_description").asText());
        assertThat(line.get("requesting_client").asText()).isEqualTo(GATEWAY);
    }

    @Test
    void noTokenSecretOrPasswordReachesTheServerLog(Realm acme) {
        // an exchange of each kind first, so the log holds their records
        String alice = acme.aliceViaClaude();
        assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(alice).audience("analytics-mcp").post());
        acme.exchange(GATEWAY, SECRET).subject(alice).audience("snowflake").post();
        acme.exchange(GATEWAY, SECRET).subject(alice + "x").audience("analytics-mcp").post();

        String log = acme.server().log();

        assertThat(log).contains("\"schema\":\"tokenbroker.audit/1\"");
        assertThat(log).doesNotContain("eyJ", SECRET, "demo-analytics-mcp-secret", "demo-research-agent-secret",
                alice.substring(alice.length() - 20));
    }

    @Test
    void exchangesShowOnTheMetricsEndpoint(Realm acme) {
        assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("databricks").post();

        Http.Response metrics = new Http().get(acme.server().managementUri().resolve("/metrics"));

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("tokenbroker_exchanges_total{")
                .containsPattern("tokenbroker_exchanges_total\\{[^}]*flow=\"delegation\"[^}]*outcome=\"allowed\"")
                .contains("tokenbroker_policy_decision_seconds_count{")
                .contains("tokenbroker_upstream_call_seconds_count{")
                .contains("tokenbroker_upstream_cache_total{");
    }

    private static JsonNode eventFor(Realm realm, String type, String detail, String value) {
        for (JsonNode event : realm.admin().events(type)) {
            if (value.equals(event.path("details").path(detail).asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event with " + detail + "=" + value);
    }

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("audit line is not JSON: " + text, e);
        }
    }

    /** The one audit line of a correlation id, parsed; fails when there is none or more than one. */
    private static JsonNode onlyLine(Realm realm, String correlationId) {
        assertThat(correlationId).isNotBlank();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : realm.server().log().split("\n")) {
            if (line.contains("[dev.tokenbroker.audit]") && line.contains("\"correlation_id\":\"" + correlationId + "\"")) {
                lines.add(json(line.substring(line.indexOf('{'))));
            }
        }
        assertThat(lines).as("audit lines of %s", correlationId).hasSize(1);
        return lines.get(0);
    }
}
