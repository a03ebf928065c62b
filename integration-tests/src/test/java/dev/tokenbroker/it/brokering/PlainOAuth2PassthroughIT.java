package dev.tokenbroker.it.brokering;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.github.GitHubEmulator;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.it.support.BrokeredLogin;
import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;

/**
 * Session passthrough for plain OAuth 2 providers (Keycloak's {@code oauth2} type: no ID token
 * validation, user from the userinfo URL): the corporate realm behind one, and the GitHub emulator
 * behind another (a GitHub App: form-encoded answers unless JSON is asked for, errors with status 200,
 * rotating refresh tokens). The refresh goes through the broker's own RFC 6749 path, as for OIDC providers.
 */
@RealKeycloak
class PlainOAuth2PassthroughIT {

    private static final String ALIAS = "corporate-oauth2";
    private static final String GITHUB = "github";

    @BeforeEach
    void plainOAuth2Provider(Realm acme) {
        Realm corporate = CorporateIdp.pointAt(acme);
        if (acme.admin().get("/identity-provider/instances/" + ALIAS).status() == 404) {
            String base = corporate.issuer() + "/protocol/openid-connect/";
            ObjectNode idp = Http.JSON.createObjectNode();
            idp.put("alias", ALIAS).put("providerId", "oauth2").put("enabled", true).put("storeToken", true).put("trustEmail", true)
                    .put("firstBrokerLoginFlowAlias", "first broker login");
            idp.putObject("config").put("authorizationUrl", base + "auth").put("tokenUrl", base + "token")
                    .put("userInfoUrl", base + "userinfo").put("clientId", CorporateIdp.BROKER_CLIENT)
                    .put("clientSecret", "demo-corporate-broker-secret").put("clientAuthMethod", "client_secret_basic")
                    .put("defaultScope", "openid email profile").put("syncMode", "IMPORT");
            Http.Response created = acme.admin().post("/identity-provider/instances", idp);
            assertThat(created.status()).as("%s", created).isEqualTo(201);
        }
        if (corporate.admin().getJson("/users?exact=true&username=dave").isEmpty()) {
            ObjectNode dave = Http.JSON.createObjectNode();
            dave.put("username", "dave").put("email", "dave@acme.test").put("emailVerified", true).put("firstName", "Dave")
                    .put("lastName", "Developer").put("enabled", true);
            dave.putArray("credentials").addObject().put("type", "password").put("value", "dave").put("temporary", false);
            Http.Response created = corporate.admin().post("/users", dave);
            assertThat(created.status()).as("%s", created).isEqualTo(201);
        }
    }

    @Test
    void plainOAuth2TokenIsRefreshedAndStoredBack(Realm acme) {
        String dave = BrokeredLogin.login(acme, "claude-desktop", ALIAS, "dave", "dave").get("access_token").asText();
        try (TemporaryUpstream eager = TemporaryUpstream.create(acme, "oauth2-token-eager", "passthrough", Map.of(
                "idp.alias", ALIAS, "clients.allowed", CorporateSignIn.GATEWAY, "refresh.min-validity", "300"));
             TemporaryUpstream plain = TemporaryUpstream.create(acme, "oauth2-token", "passthrough", Map.of(
                "idp.alias", ALIAS, "clients.allowed", CorporateSignIn.GATEWAY))) {
            Http.Response refreshed = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(dave)
                    .audience("oauth2-token-eager").post();

            String token = assertIssuedAccessToken(refreshed);
            assertThat(Jwt.claims(token).get("preferred_username").asText()).isEqualTo("dave");
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "dave", "oauth2-token-eager");
            assertThat(record.path("upstream_cache").asText()).as("%s", record).isEqualTo("refreshed");
            assertThat(record.path("flow").asText()).isEqualTo("passthrough");

            Http.Response stored = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(dave)
                    .audience("oauth2-token").post();
            assertThat(assertIssuedAccessToken(stored)).as("the refreshed token was stored back").isEqualTo(token);
            assertThat(CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", "dave", "oauth2-token").path("upstream_cache").asText())
                    .isEqualTo("stored");
        }
    }

    @Test
    void gitHubStyleTokenStoredFormEncodedIsRefreshedOnceToLearnItsExpiryAndARevokedAppFailsClosed(Realm acme, Platforms platforms) {
        GitHubEmulator github = gitHubProvider(acme, platforms);
        String erin = BrokeredLogin.login(acme, "claude-desktop", GITHUB, AcmeDemo.GITHUB_LOGIN, "unused").get("access_token").asText();
        try (TemporaryUpstream plain = TemporaryUpstream.create(acme, "github-token", "passthrough", Map.of(
                "idp.alias", GITHUB, "clients.allowed", CorporateSignIn.GATEWAY));
             TemporaryUpstream eager = TemporaryUpstream.create(acme, "github-token-eager", "passthrough", Map.of(
                "idp.alias", GITHUB, "clients.allowed", CorporateSignIn.GATEWAY, "refresh.min-validity", "86400"))) {
            // Keycloak redeemed the code without asking for JSON: it stored GitHub's form answer, which says
            // the token expires but not since when, so the first exchange refreshes (asking for JSON)
            Http.Response first = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(erin)
                    .audience("github-token").post();

            String token = assertIssuedAccessToken(first);
            assertThat(github.issuedToken(token)).hasValueSatisfying(grant -> assertThat(grant.login()).isEqualTo(AcmeDemo.GITHUB_LOGIN));
            ReceivedRequest refresh = github.lastReceived();
            assertThat(refresh.params()).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", ReceivedRequest.REDACTED);
            assertThat(refresh.accepted()).isTrue();
            JsonNode record = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", AcmeDemo.GITHUB_LOGIN, "github-token");
            assertThat(record.path("upstream_cache").asText()).isEqualTo("refreshed");
            assertThat(record.path("upstream_identity_provider").asText()).isEqualTo(GITHUB);
            assertThat(record.toString()).doesNotContain(token);

            Http.Response second = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(erin)
                    .audience("github-token").post();
            assertThat(assertIssuedAccessToken(second)).as("stored back, with its expiry now known").isEqualTo(token);
            JsonNode stored = CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE", AcmeDemo.GITHUB_LOGIN, "github-token");
            assertThat(stored.path("upstream_cache").asText()).isEqualTo("stored");
            assertThat(stored.path("upstream_token_expiry").asText()).isEqualTo("stored");

            github.revokeAuthorization(AcmeDemo.GITHUB_LOGIN);
            Http.Response refused = acme.exchange(CorporateSignIn.GATEWAY, CorporateSignIn.GATEWAY_SECRET).subject(erin)
                    .audience("github-token-eager").post();

            assertThat(assertOAuthError(refused, 400, "invalid_request").get("error_description").asText())
                    .contains("identity provider 'github' refused to refresh").contains("bad_refresh_token")
                    .contains("kc_action=idp_link:github");
            assertThat(github.lastReceived().status()).as("GitHub refuses with status 200").isEqualTo(200);
            assertThat(CorporateSignIn.lastEvent(acme, "TOKEN_EXCHANGE_ERROR", AcmeDemo.GITHUB_LOGIN, "github-token-eager")
                    .path("upstream_outcome").asText()).isEqualTo("link_refresh_refused");
        }
    }

    /** Identity provider {@code github} of type {@code oauth2}, pointed at this run's GitHub emulator. */
    private static GitHubEmulator gitHubProvider(Realm acme, Platforms platforms) {
        GitHubEmulator github = platforms.emulators().github();
        github.reset();
        github.reconfigure(c -> c.withCallbackUrl(acme.issuer() + "/broker/" + GITHUB + "/endpoint"));
        ObjectNode idp = Http.JSON.createObjectNode();
        idp.put("alias", GITHUB).put("providerId", "oauth2").put("enabled", true).put("storeToken", true).put("trustEmail", true)
                .put("firstBrokerLoginFlowAlias", "first broker login");
        idp.putObject("config").put("authorizationUrl", github.authorizeUri().toString()).put("tokenUrl", github.tokenUri().toString())
                .put("userInfoUrl", github.userUri().toString()).put("clientId", AcmeDemo.GITHUB_CLIENT_ID)
                .put("clientSecret", AcmeDemo.GITHUB_CLIENT_SECRET).put("clientAuthMethod", "client_secret_post")
                .put("defaultScope", "read:user user:email").put("userIDClaim", "id").put("userNameClaim", "login")
                .put("emailClaim", "email").put("fullNameClaim", "name").put("syncMode", "IMPORT");
        Http.Response saved = acme.admin().get("/identity-provider/instances/" + GITHUB).status() == 404
                ? acme.admin().post("/identity-provider/instances", idp)
                : acme.admin().put("/identity-provider/instances/" + GITHUB, idp);
        assertThat(saved.status()).as("%s", saved).isIn(201, 204);
        return github;
    }
}
