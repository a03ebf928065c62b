package dev.tokenbroker.it.brokering;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.BrokeredLogin;
import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Session passthrough for a plain OAuth 2 provider (Keycloak's {@code oauth2} type: no ID token
 * validation, user from the userinfo URL), the corporate realm behind it. The refresh goes through the
 * broker's own RFC 6749 path, as for OIDC providers; the GitHub-style form-encoded answer is covered by
 * {@code IdpTokenRefresherTest}.
 */
@RealKeycloak
class PlainOAuth2PassthroughIT {

    private static final String ALIAS = "corporate-oauth2";

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
        String eager = Upstreams.createValid(acme, "oauth2-token-eager", "passthrough", Map.of(
                "idp.alias", ALIAS, "clients.allowed", CorporateSignIn.GATEWAY, "refresh.min-validity", "300"));
        String plain = Upstreams.createValid(acme, "oauth2-token", "passthrough", Map.of(
                "idp.alias", ALIAS, "clients.allowed", CorporateSignIn.GATEWAY));
        try {
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
        } finally {
            Upstreams.delete(acme, eager);
            Upstreams.delete(acme, plain);
        }
    }
}
