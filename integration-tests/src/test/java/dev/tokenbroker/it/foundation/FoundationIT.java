package dev.tokenbroker.it.foundation;

import static dev.tokenbroker.it.support.OAuthAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.RealmKeys;

/** The server is real, the demo realm is there, our providers are loaded, alice can sign in like an MCP client. */
@RealKeycloak
class FoundationIT {

    private final Http http = new Http();

    @Test
    void discoveryAdvertisesTheEndpointsAnMcpClientNeeds(Realm acme) {
        Http.Response response = http.get(URI.create(acme.issuer() + "/.well-known/openid-configuration"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode discovery = response.json();
        assertThat(discovery.get("issuer").asText()).isEqualTo(acme.issuer().toString());
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(acme.tokenEndpoint().toString());
        assertThat(texts(discovery.get("code_challenge_methods_supported"))).contains("S256");
        assertThat(texts(discovery.get("grant_types_supported"))).contains("urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(acme.oidc("certs").toString());
    }

    @Test
    void jwksPublishesTheRealmSigningKey(Realm acme) throws Exception {
        Http.Response response = http.get(acme.oidc("certs"));

        assertThat(response.status()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(response.body());
        assertThat(jwks.getKeys()).anySatisfy(key -> {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(key.getKeyID()).isNotBlank();
        });
    }

    @Test
    void aliceSignsInThroughClaudeDesktopWithPkceAndGetsATokenForTheGateway(Realm acme) throws Exception {
        JsonNode tokens = acme.login("claude-desktop", "alice", "alice");

        String accessToken = tokens.get("access_token").asText();
        JsonNode claims = Jwt.claims(accessToken);
        assertThat(claims.get("iss").asText()).isEqualTo(acme.issuer().toString());
        assertThat(claims.get("azp").asText()).isEqualTo("claude-desktop");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(texts(claims.get("aud"))).contains("mcp-gateway");
        assertThat(claims.has("act")).isFalse();
        assertThat(RealmKeys.signedByRealmKey(acme, accessToken)).isTrue();
    }

    @Test
    void claudeDesktopCannotSkipPkce(Realm acme) {
        URI authorize = URI.create(acme.oidc("auth") + "?" + Http.formBody(Http.form(
                "response_type", "code", "client_id", "claude-desktop", "redirect_uri", Realm.LOOPBACK_REDIRECT,
                "scope", "openid", "state", "s1")));

        Http.Response response = http.get(authorize);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).startsWith(Realm.LOOPBACK_REDIRECT)
                .contains("error=invalid_request").contains("code_challenge");
    }

    @Test
    void wrongPasswordDoesNotSignIn(Realm acme) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> acme.login("claude-desktop", "alice", "not-her-password"))
                .hasMessageContaining("login did not redirect back");
    }

    @Test
    void ourProvidersAreLoaded(Realm acme) {
        JsonNode serverInfo = acme.admin().getJson("/serverinfo");

        JsonNode exchangeProviders = serverInfo.at("/providers/oauth2-token-exchange/providers");
        assertThat(exchangeProviders.has("tokenbroker-delegation")).as("token exchange providers: %s", exchangeProviders).isTrue();
        assertThat(exchangeProviders.get("tokenbroker-delegation").get("order").asInt()).isGreaterThan(exchangeProviders.get("standard").get("order").asInt());
        assertThat(serverInfo.at("/providers/protocol-mapper/providers").has("tokenbroker-act-introspection-mapper")).isTrue();
    }
}
