package dev.tokenbroker.it.brokering;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.emulators.gcp.GcpStsEmulator;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.emulators.rfc8693.PartnerStsEmulator;
import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;

/**
 * Brokered exchange against the real Keycloak: the same platform providers, the user proven by her
 * stored corporate token instead of a minted JWT, to platforms that trust the corporate IdP directly
 * beside the realm: Databricks (a second account federation policy; the demo's upstream
 * {@code databricks-corporate}), a GCP workforce pool, a generic RFC 8693 server. Each emulator checks
 * the forwarded token against the corporate realm's JWKS, issuer, audience and lifetime.
 */
@RealKeycloak
class BrokeredExchangeIT {

    private static final String DATABRICKS = "databricks-corporate";
    private static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    private Realm corporate;

    @BeforeEach
    void setUp(Realm acme, Platforms platforms) {
        platforms.emulators().resetAll();
        corporate = CorporateIdp.pointAt(acme);
    }

    @AfterEach
    void tearDown(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    private static Http.Response exchange(Realm acme, String subject, String audience) {
        return acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(subject).audience(audience).post();
    }

    // ---- Databricks: the demo's upstream, as exported -------------------------------------------

    @Test
    void corporateIdTokenIsForwardedToDatabricksTrustingTheCorporateIdpBesideTheRealm(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String carol = CorporateSignIn.carolViaCorporate(acme);

        Http.Response response = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol)
                .audience(DATABRICKS).scope("sql").post();

        String token = assertIssuedAccessToken(response);
        assertThat(response.json().get("expires_in").asLong()).as("the stored ID token's remaining life").isBetween(1L, 120L);
        assertThat(response.json().get("scope").asText()).isEqualTo("sql");
        ReceivedRequest received = databricks.lastReceived();
        assertThat(received.accepted()).isTrue();
        assertThat(received.params()).containsEntry("scope", "sql")
                .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        JWTClaimsSet forwarded = received.token().orElseThrow().claims();
        assertThat(forwarded.getIssuer()).isEqualTo(corporate.issuer().toString());
        assertThat(forwarded.getAudience()).containsExactly(CorporateIdp.BROKER_CLIENT);
        Http.Response me = new Http().get(databricks.scimMeUri(), "Authorization", Http.bearer(token));
        assertThat(me.json().get("userName").asText()).isEqualTo(AcmeDemo.CAROL_EMAIL);
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", DATABRICKS);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_subject_source").asText()).isEqualTo("idp:corporate/id_token");
        assertThat(record.path("upstream_identity_provider").asText()).isEqualTo("corporate");
        assertThat(record.path("upstream_cache").asText()).isEqualTo("stored");
        assertThat(record.path("upstream_assertion_id").asText()).isEqualTo(forwarded.getJWTID());
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("issued");
        assertThat(record.path("policy_outcome").asText()).isNotBlank();
        assertThat(record.toString()).doesNotContain(token);

        // the realm's own policy still holds beside the corporate one: federated exchange for alice
        assertIssuedAccessToken(exchange(acme, acme.aliceViaClaude(), "databricks"));
        assertThat(databricks.lastReceived().token().orElseThrow().claims().getIssuer()).isEqualTo(acme.issuer().toString());
    }

    @Test
    void databricksWithoutAPolicyForTheCorporateIdpRefusesTheForwardedToken(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        databricks.reconfigure(config -> config.withoutAccountPolicy(corporate.issuer().toString()));
        String carol = CorporateSignIn.carolViaCorporate(acme);

        Http.Response refused = exchange(acme, carol, DATABRICKS);

        assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                .startsWith(DATABRICKS + ": 401 invalid_client: Invalid credentials: Issuer '" + corporate.issuer() + "' is not trusted");
        assertThat(databricks.lastReceived().accepted()).isFalse();
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", DATABRICKS);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("rejected");
        assertThat(record.path("policy_outcome").asText()).isNotBlank();
    }

    @Test
    void userWithoutTheCorporateLinkIsToldWhereToLink(Realm acme) {
        Http.Response refused = exchange(acme, acme.aliceViaClaude(), DATABRICKS);

        assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                .contains("has not linked identity provider 'corporate'").contains("kc_action=idp_link:corporate");
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "alice", DATABRICKS);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("link_not_linked");
    }

    // ---- the stored corporate token's life: refreshed before it is forwarded, or refused ---------

    @Test
    void nearlyExpiredCorporateTokenIsRefreshedBeforeItIsForwarded(Realm acme, Platforms platforms) {
        String carol = carolWithCorporateTokensValidFor(acme, 20); // under the 30 s a forwarded token must have left

        Http.Response response = exchange(acme, carol, DATABRICKS);

        assertIssuedAccessToken(response);
        JWTClaimsSet forwarded = platforms.emulators().databricks().lastReceived().token().orElseThrow().claims();
        assertThat(forwarded.getExpirationTime().getTime() - forwarded.getIssueTime().getTime())
                .as("the refreshed ID token, issued with the realm's lifespan").isEqualTo(CorporateIdp.TOKEN_LIFESPAN * 1000L);
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", DATABRICKS);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_cache").asText()).isEqualTo("refreshed");
    }

    @Test
    void corporateGrantRevokedAtTheIdpFailsClosedBeforeAnythingIsForwarded(Realm acme, Platforms platforms) {
        String carol = carolWithCorporateTokensValidFor(acme, 20);
        CorporateIdp.revokeSessions(corporate, "carol");

        Http.Response refused = exchange(acme, carol, DATABRICKS);

        assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                .contains("identity provider 'corporate' refused to refresh").contains("kc_action=idp_link:corporate");
        assertThat(platforms.emulators().databricks().calls()).as("nothing forwarded").isZero();
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", DATABRICKS);
        assertThat(record.path("flow").asText()).isEqualTo("brokered");
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("link_refresh_refused");
    }

    /** Carol signs in while the corporate IdP issues short-lived tokens; it issues the realm's lifespan again after. */
    private String carolWithCorporateTokensValidFor(Realm acme, int seconds) {
        CorporateIdp.setBrokerTokenLifespan(corporate, seconds);
        try {
            return CorporateSignIn.carolViaCorporate(acme);
        } finally {
            CorporateIdp.setBrokerTokenLifespan(corporate, CorporateIdp.TOKEN_LIFESPAN);
        }
    }

    // ---- who may: the identity provider switched off, the agent not allowed ------------------------

    @Test
    void disabledCorporateProviderIsAnInvalidTarget(Realm acme, Platforms platforms) {
        String carol = CorporateSignIn.carolViaCorporate(acme);
        CorporateIdp.setEnabled(acme, false);
        try {
            Http.Response refused = exchange(acme, carol, DATABRICKS);

            assertThat(assertOAuthError(refused, 400, "invalid_target").get("error_description").asText())
                    .contains("identity provider 'corporate' is disabled");
            assertThat(platforms.emulators().databricks().calls()).isZero();
            assertThat(CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", DATABRICKS).path("flow").asText())
                    .isEqualTo("brokered");
        } finally {
            CorporateIdp.setEnabled(acme, true);
        }
    }

    @Test
    void agentTheUpstreamsPolicyDoesNotAllowIsDeniedBeforeAnythingIsForwarded(Realm acme, Platforms platforms) {
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "databricks-corporate-chatgpt", "databricks", Map.of(
                "subject.token-source", "idp:corporate", "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "policy.engine", "builtin", "policy.agents", "chatgpt"))) {
            Http.Response denied = exchange(acme, CorporateSignIn.carolViaCorporate(acme), "databricks-corporate-chatgpt");

            assertThat(assertOAuthError(denied, 400, "access_denied").get("error_description").asText())
                    .isEqualTo("agent 'claude-desktop' may not act for users here");
            assertThat(platforms.emulators().databricks().calls()).isZero();
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", "databricks-corporate-chatgpt");
            assertThat(record.path("policy_engine").asText()).isEqualTo("builtin");
            assertThat(record.path("policy_outcome").asText()).isEqualTo("deny");
        }
    }

    // ---- GCP workforce pool ---------------------------------------------------------------------

    @Test
    void corporateIdTokenIsExchangedAtAGcpWorkforcePool(Realm acme, Platforms platforms) {
        GcpStsEmulator gcp = platforms.emulators().gcpSts();
        try (TemporaryUpstream upstream = gcpWorkforceUpstream(acme, platforms, "gcp-corporate", "id_token")) {
            Http.Response response = exchange(acme, CorporateSignIn.carolViaCorporate(acme), "gcp-corporate");

            String token = assertIssuedAccessToken(response);
            assertThat(response.json().get("scope").asText()).isEqualTo(CLOUD_PLATFORM);
            assertThat(gcp.federatedToken(token)).hasValueSatisfying(federated -> {
                assertThat(federated.principal()).isEqualTo("principal://iam.googleapis.com/locations/global/workforcePools/"
                        + AcmeDemo.GCP_WORKFORCE_POOL_ID + "/subject/" + AcmeDemo.CAROL_EMAIL);
                assertThat(federated.userProject()).isEqualTo(AcmeDemo.GCP_WORKFORCE_USER_PROJECT);
            });
            ReceivedRequest received = gcp.lastReceived();
            assertThat(received.params()).containsEntry("audience", AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME)
                    .containsEntry("subject_token_type", ID_TOKEN_TYPE)
                    .containsEntry("options", "{\"userProject\":\"" + AcmeDemo.GCP_WORKFORCE_USER_PROJECT + "\"}");
            assertThat(received.token().orElseThrow().claims().getIssuer()).isEqualTo(corporate.issuer().toString());
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", "gcp-corporate");
            assertThat(record.path("flow").asText()).isEqualTo("brokered");
            assertThat(record.path("upstream_provider").asText()).isEqualTo("gcp-sts");
            assertThat(record.path("policy_outcome").asText()).isNotBlank();
        }
    }

    @Test
    void gcpWorkforcePoolRefusesACorporateTokenNotIssuedToItsClient(Realm acme, Platforms platforms) {
        // the corporate access token is for https://data.corporate.test; the workforce provider wants its client id
        try (TemporaryUpstream upstream = gcpWorkforceUpstream(acme, platforms, "gcp-corporate-access", "access_token")) {
            Http.Response refused = exchange(acme, CorporateSignIn.carolViaCorporate(acme), "gcp-corporate-access");

            assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                    .startsWith("gcp-corporate-access: sts 400 invalid_grant: The audience in ID Token does not match");
            ReceivedRequest received = platforms.emulators().gcpSts().lastReceived();
            assertThat(received.accepted()).isFalse();
            assertThat(received.params()).containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", "gcp-corporate-access");
            assertThat(record.path("flow").asText()).isEqualTo("brokered");
            assertThat(record.path("upstream_outcome").asText()).isEqualTo("rejected");
        }
    }

    private static TemporaryUpstream gcpWorkforceUpstream(Realm acme, Platforms platforms, String alias, String tokenType) {
        return TemporaryUpstream.create(acme, alias, "gcp-sts", Map.of(
                "subject.token-source", "idp:corporate", "subject.token-type", tokenType,
                "token.endpoint", platforms.emulators().gcpSts().tokenUri().toString(),
                "gcp.provider", AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME, "gcp.user-project", AcmeDemo.GCP_WORKFORCE_USER_PROJECT,
                "scope.default", CLOUD_PLATFORM));
    }

    // ---- any RFC 8693 server ------------------------------------------------------------------

    @Test
    void corporateIdTokenIsExchangedAtAnRfc8693Server(Realm acme, Platforms platforms) {
        PartnerStsEmulator partner = platforms.emulators().rfc8693();
        try (TemporaryUpstream upstream = partnerUpstream(acme, platforms, "partner-corporate", "id_token")) {
            Http.Response response = exchange(acme, CorporateSignIn.carolViaCorporate(acme), "partner-corporate");

            String token = assertIssuedAccessToken(response);
            ReceivedRequest received = partner.lastReceived();
            JWTClaimsSet forwarded = received.token().orElseThrow().claims();
            assertThat(forwarded.getIssuer()).isEqualTo(corporate.issuer().toString());
            assertThat(received.params()).containsEntry("subject_token_type", ID_TOKEN_TYPE)
                    .containsEntry("audience", AcmeDemo.PARTNER_TARGET_AUDIENCE);
            assertThat(partner.issuedToken(token)).hasValueSatisfying(issued -> {
                assertThat(issued.subject()).as("the corporate IdP's subject").isEqualTo(forwarded.getSubject());
                assertThat(issued.clientId()).isEqualTo(AcmeDemo.PARTNER_SECRET_CLIENT_ID);
                assertThat(issued.scope()).isEqualTo(AcmeDemo.PARTNER_SCOPE_READ);
            });
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", "partner-corporate");
            assertThat(record.path("flow").asText()).isEqualTo("brokered");
            assertThat(record.path("upstream_provider").asText()).isEqualTo("rfc8693");
        }
    }

    @Test
    void rfc8693ServerRefusesACorporateTokenNotForTheAudienceItTrusts(Realm acme, Platforms platforms) {
        try (TemporaryUpstream upstream = partnerUpstream(acme, platforms, "partner-corporate-access", "access_token")) {
            Http.Response refused = exchange(acme, CorporateSignIn.carolViaCorporate(acme), "partner-corporate-access");

            assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                    .startsWith("partner-corporate-access: 400 invalid_request: Invalid subject_token: Audience")
                    .contains("WRONG_AUDIENCE");
            ReceivedRequest received = platforms.emulators().rfc8693().lastReceived();
            assertThat(received.accepted()).isFalse();
            assertThat(received.params()).containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
            assertThat(CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", "partner-corporate-access")
                    .path("upstream_outcome").asText()).isEqualTo("rejected");
        }
    }

    private static TemporaryUpstream partnerUpstream(Realm acme, Platforms platforms, String alias, String tokenType) {
        return TemporaryUpstream.create(acme, alias, "rfc8693", Map.of(
                "subject.token-source", "idp:corporate", "subject.token-type", tokenType,
                "token.endpoint", platforms.emulators().rfc8693().tokenUri().toString(),
                "rfc8693.client-auth", "client_secret_basic", "rfc8693.client-id", AcmeDemo.PARTNER_SECRET_CLIENT_ID,
                "rfc8693.client-secret", AcmeDemo.PARTNER_CLIENT_SECRET, "rfc8693.audience", AcmeDemo.PARTNER_TARGET_AUDIENCE,
                "scope.default", AcmeDemo.PARTNER_SCOPE_READ));
    }
}
