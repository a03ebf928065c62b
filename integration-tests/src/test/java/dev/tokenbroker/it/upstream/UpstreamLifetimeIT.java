package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;

/**
 * What each platform of the demo realm issues when the delegated grant is capped at 300 s
 * ({@code tokenbroker.delegation.max-lifetime}): where the platform takes a lifetime it is asked for
 * no more than the grant has left, {@code expires_in} never exceeds the grant or what was issued, and
 * the exchange event records requested, issued and, where the credential outlives the grant, why.
 */
@RealKeycloak
class UpstreamLifetimeIT {

    /** The demo realm's cap on a delegated grant. */
    private static final long GRANT = 300;
    /** Seconds a test may take between minting and asserting. */
    private static final long SLACK = 15;

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void awsIsAskedForItsMinimumOf900sAndTheCallerIsToldNoMoreThanTheGrant(Realm acme, Platforms platforms) {
        JsonNode body = exchange(acme, "aws");

        long credentialLife = Instant.parse(body.path("aws_credentials").path("Expiration").asText()).getEpochSecond() - now();
        assertThat(credentialLife).as("STS cannot issue less than 900 s").isBetween(900 - SLACK, 900L);
        assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, GRANT);
        ReceivedRequest call = platforms.emulators().awsSts().lastReceived();
        assertThat(call.params()).containsEntry("DurationSeconds", "900");
        JsonNode details = latestExchangeDetails(acme);
        assertThat(details.path("upstream_lifetime_requested").asText()).isEqualTo("900");
        assertThat(details.path("upstream_lifetime_issued").asLong()).isBetween(900 - SLACK, 900L);
        assertThat(details.path("upstream_lifetime_note").asText())
                .matches("aws-sts minimum 900 s exceeds grant \\d+ s; credential valid \\d+ s; expires_in capped to \\d+ s");
    }

    @Test
    void gcpImpersonationIsAskedForNoMoreThanTheGrantHasLeft(Realm acme, Platforms platforms) {
        JsonNode body = exchange(acme, "gcp");

        String lifetime = platforms.emulators().gcpSts().lastReceived().params().get("lifetime");
        long requested = Long.parseLong(lifetime.replace("s", ""));
        assertThat(requested).isBetween(GRANT - SLACK, GRANT);
        assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, requested);
        JsonNode details = latestExchangeDetails(acme);
        assertThat(details.path("upstream_lifetime_requested").asLong()).isEqualTo(requested);
        assertThat(details.path("upstream_lifetime_issued").asLong()).isBetween(requested - SLACK, requested);
        assertThat(details.has("upstream_lifetime_note")).isFalse();
    }

    @Test
    void gcpFederatedTokenTakesNoLifetimeSoItsLongerLifeIsNotedAndExpiresInCapped(Realm acme, Platforms platforms) {
        Map<String, String> config = new HashMap<>(Map.of(
                "assertion.audience", "https://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak",
                "token.endpoint", platforms.emulators().gcpSts().tokenUri().toString(),
                "gcp.provider", "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak",
                "scope.default", "https://www.googleapis.com/auth/cloud-platform",
                "cache.enabled", "false"));
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "gcp-federated", "gcp-sts", config)) {
            JsonNode body = exchange(acme, "gcp-federated");

            assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, GRANT);
            JsonNode details = latestExchangeDetails(acme);
            assertThat(details.has("upstream_lifetime_requested")).isFalse();
            assertThat(details.path("upstream_lifetime_issued").asLong()).isEqualTo(3599);
            assertThat(details.path("upstream_lifetime_note").asText())
                    .matches("gcp-sts credential valid 3599 s, beyond grant \\d+ s \\(no lifetime parameter\\); expires_in capped to \\d+ s");
        }
    }

    @Test
    void databricksTokenEndsWithTheAssertionSoWithinTheGrant(Realm acme, Platforms platforms) {
        JsonNode body = exchange(acme, "databricks");

        assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, GRANT);
        assertThat(platforms.emulators().databricks().lastReceived().params()).doesNotContainKey("lifetime");
        assertNoRequestAndNoNote(latestExchangeDetails(acme), body.get("expires_in").asLong());
    }

    @Test
    void rfc8693PartnerTokenEndsWithTheAssertionSoWithinTheGrant(Realm acme) {
        JsonNode body = exchange(acme, "partner");

        assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, GRANT);
        assertNoRequestAndNoNote(latestExchangeDetails(acme), body.get("expires_in").asLong());
    }

    @Test
    void snowflakeTokenIsTheAssertionSoItEndsWithTheGrant(Realm acme) throws Exception {
        JsonNode body = exchange(acme, "snowflake");

        long exp = Jwt.claims(body.get("access_token").asText()).get("exp").asLong();
        assertThat(exp - now()).isBetween(GRANT - SLACK, GRANT);
        assertThat(body.get("expires_in").asLong()).isBetween(GRANT - SLACK, GRANT);
        assertNoRequestAndNoNote(latestExchangeDetails(acme), body.get("expires_in").asLong());
    }

    private static void assertNoRequestAndNoNote(JsonNode details, long expiresIn) {
        assertThat(details.has("upstream_lifetime_requested")).as("the platform takes no lifetime parameter").isFalse();
        assertThat(details.path("upstream_lifetime_issued").asLong()).isBetween(expiresIn, GRANT);
        assertThat(details.has("upstream_lifetime_note")).isFalse();
    }

    private static JsonNode exchange(Realm acme, String upstream) {
        Http.Response response = UpstreamExchanges.forAlice(acme).audience(upstream).post();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static JsonNode latestExchangeDetails(Realm acme) {
        return acme.admin().events("TOKEN_EXCHANGE").get(0).path("details");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
