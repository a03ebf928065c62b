package dev.tokenbroker.it.brokering;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Session passthrough against the real Keycloak: carol signs in to Claude through the corporate IdP
 * (realm {@code corporate}, brokered by {@code acme} with stored tokens); the gateway obtains her
 * corporate access token through upstream {@code corporate-token}.
 */
@RealKeycloak
class PassthroughIT {

    private static final String UPSTREAM = "corporate-token";
    private static final String CORPORATE_AUDIENCE = "https://data.corporate.test";

    private Realm corporate;

    @BeforeEach
    void pointAtCorporate(Realm acme) {
        corporate = CorporateIdp.pointAt(acme);
    }

    @Test
    void freshStoredTokenIsReturnedWithItsRealLifetime(Realm acme) {
        String carol = CorporateSignIn.carolViaCorporate(acme);

        Http.Response response = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol).audience(UPSTREAM).post();

        String token = assertIssuedAccessToken(response);
        assertThat(token).isNotEqualTo(carol);
        JsonNode claims = Jwt.claims(token);
        assertThat(claims.get("iss").asText()).isEqualTo(corporate.issuer().toString());
        assertThat(claims.get("preferred_username").asText()).isEqualTo("carol");
        assertThat(response.json().get("expires_in").asLong()).isBetween(1L, 120L);
        assertThat(response.json().get("scope").asText()).contains("openid");
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "carol", UPSTREAM);
        assertThat(record.path("flow").asText()).isEqualTo("passthrough");
        assertThat(record.path("upstream_provider").asText()).isEqualTo("passthrough");
        assertThat(record.path("upstream_identity_provider").asText()).isEqualTo("corporate");
        assertThat(record.path("upstream_cache").asText()).isEqualTo("stored");
        assertThat(record.path("upstream_token_expiry").asText()).as("Keycloak's stored expiry").isEqualTo("stored");
        assertThat(record.path("policy_outcome").asText()).isNotBlank();
        assertThat(record.toString()).doesNotContain(token).doesNotContain(carol);
    }

    @Test
    void expiredStoredTokenIsRefreshedOnceUnderConcurrency(Realm acme) throws Exception {
        String carol = CorporateSignIn.carolViaCorporate(acme); // stored corporate token: 120 s
        String id = Upstreams.createValid(acme, "corporate-token-eager", "passthrough", Map.of(
                "idp.alias", "corporate", "clients.allowed", "mcp-gateway", "refresh.min-validity", "300",
                "token.audience", CORPORATE_AUDIENCE));
        ObjectNode broker = corporate.admin().client(CorporateIdp.BROKER_CLIENT);
        ObjectNode longer = broker.deepCopy();
        (longer.has("attributes") ? (ObjectNode) longer.get("attributes") : longer.putObject("attributes"))
                .put("access.token.lifespan", "3600"); // what the refresh gets: fresh for 300 s
        corporate.admin().updateClient(longer);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Http.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET)
                        .subject(carol).audience("corporate-token-eager").post()));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<Http.Response> response : sent) {
                tokens.add(assertIssuedAccessToken(response.get(60, TimeUnit.SECONDS)));
            }
            assertThat(tokens).as("one refresh, every request gets its result").containsOnly(tokens.get(0));
            assertThat(Jwt.claims(tokens.get(0)).get("iss").asText()).isEqualTo(corporate.issuer().toString());
            List<JsonNode> records = CorporateSignIn.events(acme, "TOKEN_EXCHANGE", "carol", "corporate-token-eager");
            assertThat(records).hasSize(4);
            assertThat(records.stream().filter(r -> r.path("upstream_cache").asText().equals("refreshed"))).hasSize(1);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.path("flow").asText()).isEqualTo("passthrough");
                assertThat(r.path("policy_outcome").asText()).isEqualTo("allow");
            });

            // stored back: the plain upstream now returns the refreshed token
            Http.Response stored = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol).audience(UPSTREAM).post();
            assertThat(assertIssuedAccessToken(stored)).isEqualTo(tokens.get(0));
        } finally {
            pool.shutdownNow();
            // an update keeps attributes it does not name: set the realm's lifespan back explicitly
            (broker.has("attributes") ? (ObjectNode) broker.get("attributes") : broker.putObject("attributes"))
                    .put("access.token.lifespan", "120");
            corporate.admin().updateClient(broker);
            Upstreams.delete(acme, id);
        }
    }

    @Test
    void refreshTokenRevokedAtTheIdpFailsClosedAndTheLinkSaysWhy(Realm acme) {
        String carol = CorporateSignIn.carolViaCorporate(acme);
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "corporate-token-revoked", "passthrough", Map.of(
                "idp.alias", "corporate", "clients.allowed", "mcp-gateway", "refresh.min-validity", "300"))) {
            CorporateIdp.revokeSessions(corporate, "carol");

            Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol)
                    .audience("corporate-token-revoked").post();

            String description = assertOAuthError(refused, 400, "invalid_request").get("error_description").asText();
            assertThat(description).contains("identity provider 'corporate' refused to refresh").contains("invalid_grant")
                    .contains("kc_action=idp_link:corporate");
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", "corporate-token-revoked");
            assertThat(record.path("flow").asText()).isEqualTo("passthrough");
            assertThat(record.path("upstream_outcome").asText()).isEqualTo("link_refresh_refused");
            assertThat(record.path("policy_outcome").asText()).isEqualTo("allow");

            // the link is marked: the next request says why, for the plain upstream too, without a fresh refresh
            Http.Response again = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol).audience(UPSTREAM).post();
            assertThat(assertOAuthError(again, 400, "invalid_request").get("error_description").asText())
                    .contains("refused to refresh the stored token at");
        }
    }

    @Test
    void userWhoNeverLinkedIsToldWhereToLink(Realm acme) {
        Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(acme.aliceViaClaude())
                .audience(UPSTREAM).post();

        String description = assertOAuthError(refused, 400, "invalid_request").get("error_description").asText();
        assertThat(description).contains("has not linked identity provider 'corporate'")
                .contains(acme.issuer() + "/protocol/openid-connect/auth?").contains("client_id=claude-desktop")
                .contains("kc_action=idp_link:corporate");
        JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "alice", UPSTREAM);
        assertThat(record.path("upstream_outcome").asText()).isEqualTo("link_not_linked");
        assertThat(record.path("policy_outcome").asText()).isNotBlank();
    }

    @Test
    void disabledProviderIsAnInvalidTarget(Realm acme) {
        String carol = CorporateSignIn.carolViaCorporate(acme);
        CorporateIdp.setEnabled(acme, false);
        try {
            Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol).audience(UPSTREAM).post();

            assertThat(assertOAuthError(refused, 400, "invalid_target").get("error_description").asText())
                    .contains("identity provider 'corporate' is disabled");
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", UPSTREAM);
            assertThat(record.path("flow").asText()).isEqualTo("passthrough");
            assertThat(record.path("policy_outcome").asText()).isEqualTo("allow");
        } finally {
            CorporateIdp.setEnabled(acme, true);
        }
    }

    @Test
    void clientNotListedOnTheUpstreamIsUnauthorized(Realm acme) {
        String carol = CorporateSignIn.carolViaCorporate(acme);
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "corporate-token-closed", "passthrough", Map.of("idp.alias", "corporate"))) {
            Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(carol)
                    .audience("corporate-token-closed").post();

            assertThat(assertOAuthError(refused, 400, "unauthorized_client").get("error_description").asText())
                    .contains("may not obtain tokens of upstream corporate-token-closed");
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", "carol", "corporate-token-closed");
            assertThat(record.path("flow").asText()).isEqualTo("passthrough");
            assertThat(record.path("policy_outcome").asText()).isNotBlank();
        }
    }

    @Test
    void upstreamNamingAnUnknownProviderIsRefusedOnSave(Realm acme) {
        Http.Response refused = Upstreams.create(acme, "nowhere-token", "passthrough", Map.of("idp.alias", "nowhere"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("no identity provider nowhere"); // Keycloak formats the message: quotes drop out
    }
}
