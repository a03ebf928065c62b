package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;

/** Alice, through Claude and the gateway, reaches Databricks as herself via token federation. */
@RealKeycloak
class DatabricksFederationIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void gatewayGetsADatabricksTokenActingAsAlice(Realm acme, Platforms platforms) throws Exception {
        DatabricksEmulator databricks = platforms.emulators().databricks();

        Http.Response response = UpstreamExchanges.forAlice(acme).audience("databricks").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("all-apis");
        assertThat(body.get("expires_in").asLong()).isBetween(1L, 3600L);
        ReceivedRequest received = databricks.lastReceived();
        // the platform token works at the platform, as alice
        Http.Response me = new Http().get(databricks.scimMeUri(), "Authorization", Http.bearer(body.get("access_token").asText()));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userName").asText()).isEqualTo("alice@acme.test");
        assertThat(received.accepted()).isTrue();
        JWTClaimsSet assertion = received.token().orElseThrow().claims();
        assertThat(assertion.getSubject()).isEqualTo("alice@acme.test");
        assertThat(assertion.getAudience()).containsExactly("https://acme.cloud.databricks.com");
        assertThat(assertion.getIssuer()).isEqualTo(acme.issuer().toString());
        assertThat(assertion.getJSONObjectClaim("act")).containsEntry("sub", "claude-desktop");
        assertThat(assertion.getStringClaim("client_id")).isEqualTo("mcp-gateway");
        assertThat(assertion.getJWTID()).isNotBlank();
        long lifetime = (assertion.getExpirationTime().getTime() - assertion.getIssueTime().getTime()) / 1000;
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(300);
        assertThat(assertion.getClaims().keySet()).containsExactlyInAnyOrder("iss", "sub", "aud", "act", "iat", "exp", "jti", "client_id");
        assertThat(received.token().orElseThrow().algorithm()).isEqualTo("RS256");
        assertThat(received.token().orElseThrow().keyId()).isNotBlank();
    }

    @Test
    void es256AssertionsVerifyThroughTheRealmJwksToo(Realm acme, Platforms platforms) {
        ensureEcSigningKey(acme);
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "databricks-es256", "databricks", Map.of(
                "assertion.audience", "https://acme.cloud.databricks.com", "assertion.algorithm", "ES256",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "subject.source", "email"))) {
            Http.Response response = UpstreamExchanges.forAlice(acme).audience("databricks-es256").post();

            assertThat(response.status()).as("%s", response).isEqualTo(200);
            ReceivedRequest received = platforms.emulators().databricks().lastReceived();
            assertThat(received.accepted()).isTrue();
            assertThat(received.token().orElseThrow().algorithm()).isEqualTo("ES256");
        }
    }

    private static void ensureEcSigningKey(Realm acme) {
        for (JsonNode key : acme.admin().getJson("/keys").get("keys")) {
            if ("ES256".equals(key.path("algorithm").asText()) && "ACTIVE".equals(key.path("status").asText())) {
                return;
            }
        }
        var component = Http.JSON.createObjectNode();
        component.put("name", "ecdsa-p256").put("providerId", "ecdsa-generated").put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", acme.admin().getJson("").get("id").asText());
        component.putObject("config").putArray("ecdsaEllipticCurveKey").add("P-256");
        assertThat(acme.admin().post("/components", component).status()).isEqualTo(201);
    }

    @Test
    void resourceIndicatorSelectsTheUpstreamToo(Realm acme, Platforms platforms) {
        Http.Response response = UpstreamExchanges.forAlice(acme).resource("https://acme.cloud.databricks.com").scope("sql").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("scope").asText()).isEqualTo("sql");
        assertThat(platforms.emulators().databricks().lastReceived().params()).containsEntry("scope", "sql");
    }
}
