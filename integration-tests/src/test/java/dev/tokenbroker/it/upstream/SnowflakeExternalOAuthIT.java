package dev.tokenbroker.it.upstream;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.snowflake.SnowflakeEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/** Snowflake takes the minted JWT itself as the bearer; its security integration decides who and which role. */
@RealKeycloak
class SnowflakeExternalOAuthIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void aliceQueriesSnowflakeAsHerselfWithHerAnalystRole(Realm acme, Platforms platforms) {
        SnowflakeEmulator snowflake = platforms.emulators().snowflake();

        Http.Response response = UpstreamExchanges.forAlice(acme).audience("snowflake").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:jwt");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        String jwt = body.get("access_token").asText();
        JsonNode claims = Jwt.claims(jwt);
        assertThat(claims.get("sub").asText()).isEqualTo("alice@acme.test");
        assertThat(claims.get("aud").asText()).isEqualTo("https://acme.snowflakecomputing.com");
        assertThat(claims.get("scp").toString()).isEqualTo("[\"session:role:ANALYST\"]");
        assertThat(claims.get("act").toString()).isEqualTo("{\"sub\":\"claude-desktop\"}");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(300);
        assertThat(body.get("expires_in").asLong()).isLessThanOrEqualTo(300);
        assertThat(snowflake.calls()).as("no call to Snowflake during the exchange").isZero();

        Http.Response statement = new Http().sendJson("POST", snowflake.statementsUri(),
                Map.of("statement", "SELECT CURRENT_USER(), CURRENT_ROLE()"),
                "Authorization", Http.bearer(jwt), "X-Snowflake-Authorization-Token-Type", "OAUTH");

        assertThat(statement.status()).as("%s", statement).isEqualTo(200);
        assertThat(statement.json().get("data").get(0).toString()).isEqualTo("[\"ALICE\",\"ANALYST\"]");
    }

    @Test
    void bobWithoutAnAnalystRoleGetsNoSnowflakeToken(Realm acme) {
        Http.Response response = UpstreamExchanges.forBob(acme).audience("snowflake").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText())
                .startsWith("snowflake:").contains("no Snowflake role");
    }

    @Test
    void aTamperedSnowflakeTokenIsRejectedBySnowflake(Realm acme, Platforms platforms) {
        String jwt = UpstreamExchanges.forAlice(acme).audience("snowflake").post().json().get("access_token").asText();
        var claims = (com.fasterxml.jackson.databind.node.ObjectNode) Jwt.claims(jwt);
        claims.putArray("scp").add("session:role:ACCOUNTADMIN");

        Http.Response statement = new Http().sendJson("POST", platforms.emulators().snowflake().statementsUri(),
                Map.of("statement", "SELECT CURRENT_USER()"), "Authorization", Http.bearer(Jwt.withClaims(jwt, claims)));

        assertThat(statement.status()).isEqualTo(401);
        assertThat(statement.json().get("code").asText()).isEqualTo("390303");
    }
}
