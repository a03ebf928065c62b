package dev.tokenbroker.it.upstream;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.it.support.FreePorts;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Every way an upstream can fail becomes a clear OAuth error naming the upstream and its reason,
 * never a 500 and never a hang, and is recorded as a refused exchange.
 */
@RealKeycloak
class UpstreamFailureIT {

    /** A dedicated upstream with a short read timeout, so "slow" is quick to show. */
    private static final String IMPATIENT = "databricks-impatient";
    private String impatientId;

    @BeforeEach
    void setUp(Realm acme, Platforms platforms) {
        platforms.emulators().resetAll();
        impatientId = Upstreams.createValid(acme, IMPATIENT, "databricks", databricksConfig(platforms, Map.of("timeout.read.ms", "800")));
    }

    @AfterEach
    void tearDown(Realm acme) {
        Upstreams.delete(acme, impatientId);
    }

    @Test
    void aChangedUpstreamConfigurationAppliesToTheNextExchange(Realm acme) {
        Http.Response before = UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post();
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("expires_in").asInt()).isGreaterThan(60);

        Upstreams.update(acme, impatientId, "expires-in.max", "60");

        Http.Response after = UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post();
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("expires_in").asInt()).isBetween(1, 60);
    }

    @Test
    void unknownUpstreamIsInvalidTarget(Realm acme) {
        assertOAuthError(UpstreamExchanges.forAlice(acme).audience("no-such-upstream").post(), 400, "invalid_target");
    }

    @Test
    void scopeTheUpstreamDoesNotAllowIsInvalidScope(Realm acme, Platforms platforms) {
        assertOAuthError(UpstreamExchanges.forAlice(acme).audience("databricks").scope("admin").post(), 400, "invalid_scope");
        assertThat(platforms.emulators().databricks().calls()).isZero();
    }

    @Test
    void upstreamRefusingWith401IsInvalidRequestCarryingItsReason(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().faults().next(1, Fault.respond(401, "application/json",
                "{\"error\":\"invalid_client\",\"error_description\":\"Invalid credentials\"}"));

        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 400, "invalid_request");

        assertThat(error.get("error_description").asText()).isEqualTo(IMPATIENT + ": 401 invalid_client: Invalid credentials");
        JsonNode event = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);
        assertThat(event.path("details").path("reason").asText()).isEqualTo(IMPATIENT + ": 401 invalid_client: Invalid credentials");
        assertThat(event.path("details").path("upstream").asText()).isEqualTo(IMPATIENT);
        assertThat(event.toString()).doesNotContain("eyJ");
    }

    @Test
    void upstream5xxIsTemporarilyUnavailable(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().faults().next(1, Fault.respond(503, "text/html", "<html>maintenance</html>"));

        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText()).isEqualTo(IMPATIENT + ": 503");
    }

    @Test
    void upstreamSlowerThanTheReadTimeoutFailsClosedWithoutHanging(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().faults().next(1, Fault.delay(Duration.ofSeconds(4)));
        long started = System.nanoTime();

        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText()).isEqualTo(IMPATIENT + ": no answer within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void malformedUpstreamAnswerIsTemporarilyUnavailable(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().faults().next(1, Fault.malformedBody());

        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText()).startsWith(IMPATIENT + ": malformed answer");
    }

    @Test
    void upstreamClosingTheConnectionIsTemporarilyUnavailable(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().faults().next(1, Fault.closeConnection());

        assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 503, "temporarily_unavailable");
    }

    @Test
    void upstreamDownIsTemporarilyUnavailable(Realm acme, Platforms platforms) {
        Map<String, String> config = databricksConfig(platforms, Map.of());
        config.put("token.endpoint", "http://127.0.0.1:" + FreePorts.pick() + "/oidc/v1/token");
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "databricks-down", "databricks", config)) {
            JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("databricks-down").post(), 503, "temporarily_unavailable");

            assertThat(error.get("error_description").asText()).startsWith("databricks-down: unreachable");
        }
    }

    @Test
    void wrongAssertionAudienceIsRejectedByThePlatform(Realm acme, Platforms platforms) {
        Map<String, String> config = databricksConfig(platforms, Map.of("assertion.audience", "https://other.cloud.databricks.com"));
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "databricks-wrong-aud", "databricks", config)) {
            JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("databricks-wrong-aud").post(), 400, "invalid_request");

            assertThat(error.get("error_description").asText()).startsWith("databricks-wrong-aud: 401 invalid_client");
            assertThat(platforms.emulators().databricks().lastReceived().accepted()).isFalse();
        }
    }

    @Test
    void userNotProvisionedOnThePlatformIsRejected(Realm acme, Platforms platforms) {
        platforms.emulators().databricks().reconfigure(c -> c.withoutProvisionedUser("alice@acme.test"));

        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience(IMPATIENT).post(), 400, "invalid_request");

        assertThat(error.get("error_description").asText()).startsWith(IMPATIENT + ": 401 invalid_client");
    }

    @Test
    void invalidUpstreamConfigurationIsRefusedOnSave(Realm acme, Platforms platforms) {
        Map<String, String> metadata = databricksConfig(platforms, Map.of("token.endpoint", "http://169.254.169.254/latest/meta-data"));
        Map<String, String> plainHttp = databricksConfig(platforms, Map.of("token.endpoint", "http://databricks.example.com/oidc/v1/token"));
        Map<String, String> noAudience = databricksConfig(platforms, Map.of());
        noAudience.remove("assertion.audience");
        Map<String, String> awsWithEs256 = new HashMap<>(Map.of("assertion.audience", "sts.amazonaws.com",
                "token.endpoint", platforms.emulators().awsSts().endpoint().toString(), "aws.role-arn", "arn:aws:iam::123456789012:role/acme-analyst",
                "assertion.algorithm", "ES256"));

        assertRefused(Upstreams.create(acme, "bad-1", "databricks", metadata), "token.endpoint");
        assertRefused(Upstreams.create(acme, "bad-2", "databricks", plainHttp), "https");
        assertRefused(Upstreams.create(acme, "bad-3", "databricks", noAudience), "assertion.audience");
        assertRefused(Upstreams.create(acme, "bad-4", "aws-sts", awsWithEs256), "RS256");
        assertRefused(Upstreams.create(acme, "mcp-gateway", "databricks", databricksConfig(platforms, Map.of())), "client");
        assertRefused(Upstreams.create(acme, "databricks", "databricks", databricksConfig(platforms, Map.of())), "already");
    }

    private static void assertRefused(Http.Response response, String mentioning) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains(mentioning);
    }

    private static Map<String, String> databricksConfig(Platforms platforms, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                "assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis",
                "subject.source", "email",
                "cache.enabled", "false"));
        config.putAll(overrides);
        return config;
    }
}
