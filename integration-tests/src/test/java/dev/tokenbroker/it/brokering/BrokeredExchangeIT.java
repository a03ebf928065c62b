package dev.tokenbroker.it.brokering;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.emulators.databricks.FederationPolicy;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Brokered exchange against the real Keycloak: the same Databricks provider, the user proven by her
 * stored corporate ID token instead of a minted JWT, to a Databricks account whose federation policy
 * trusts the corporate IdP directly.
 */
@RealKeycloak
class BrokeredExchangeIT {

    private static final String UPSTREAM = "databricks-corporate";

    private Realm corporate;
    private String upstreamId;

    @BeforeEach
    void setUp(Realm acme, Platforms platforms) {
        platforms.emulators().resetAll();
        corporate = CorporateIdp.pointAt(acme);
        upstreamId = Upstreams.createValid(acme, UPSTREAM, "databricks", Map.of(
                "subject.token-source", "idp:corporate", "subject.token-type", "id_token",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "scope.allowed", "all-apis sql", "expires-in.max", "60"));
    }

    @AfterEach
    void tearDown(Realm acme, Platforms platforms) {
        Upstreams.delete(acme, upstreamId);
        platforms.emulators().resetAll();
    }

    @Test
    void corporateIdTokenIsForwardedToAPlatformTrustingTheCorporateIdp(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        databricks.reconfigure(config -> config
                .withAccountPolicy(new FederationPolicy(corporate.issuer().toString(), List.of(CorporateIdp.BROKER_CLIENT), "email"))
                .withProvisionedUser("carol@acme.test"));
        String carol = CorporateSignIn.carolViaCorporate(acme);

        Http.Response response = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol)
                .audience(UPSTREAM).scope("sql").post();

        String token = assertIssuedAccessToken(response);
        assertThat(response.json().get("expires_in").asLong()).as("capped by the upstream").isBetween(1L, 60L);
        assertThat(response.json().get("scope").asText()).isEqualTo("sql");
        ReceivedRequest received = databricks.lastReceived();
        assertThat(received.accepted()).isTrue();
        assertThat(received.params()).containsEntry("scope", "sql");
        JWTClaimsSet forwarded = received.token().orElseThrow().claims();
        assertThat(forwarded.getIssuer()).isEqualTo(corporate.issuer().toString());
        assertThat(forwarded.getAudience()).containsExactly(CorporateIdp.BROKER_CLIENT);
        Http.Response me = new Http().get(databricks.scimMeUri(), "Authorization", Http.bearer(token));
        assertThat(me.json().get("userName").asText()).isEqualTo("carol@acme.test");
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", UPSTREAM);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_subject_source").asText()).isEqualTo("idp:corporate/id_token");
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("issued");
        assertThat(record.path("policy_outcome").asText()).isNotBlank();
        assertThat(record.toString()).doesNotContain(token);
    }

    @Test
    void platformThatDoesNotTrustTheCorporateIdpRefusesTheForwardedToken(Realm acme, Platforms platforms) {
        String carol = CorporateSignIn.carolViaCorporate(acme); // Databricks as exported trusts the acme realm only

        Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol).audience(UPSTREAM).post();

        assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText()).startsWith(UPSTREAM + ": ");
        assertThat(platforms.emulators().databricks().lastReceived().accepted()).isFalse();
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", UPSTREAM);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("rejected");
    }

    @Test
    void userWithoutTheCorporateLinkIsToldWhereToLink(Realm acme) {
        Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(acme.aliceViaClaude())
                .audience(UPSTREAM).post();

        assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                .contains("kc_action=idp_link:corporate");
        assertThat(CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "alice", UPSTREAM).path("flow").asText()).isEqualTo("brokered");
    }
}
