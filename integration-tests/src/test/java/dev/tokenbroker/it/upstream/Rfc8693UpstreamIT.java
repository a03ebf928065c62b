package dev.tokenbroker.it.upstream;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.rfc8693.IssuedPartnerToken;
import dev.tokenbroker.emulators.rfc8693.PartnerStsEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;

/** Any RFC 8693 server: the assertion as subject_token, with client_secret_basic or private_key_jwt. */
@RealKeycloak
class Rfc8693UpstreamIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void partnerStsIssuesATokenForAliceWithClientSecretBasic(Realm acme, Platforms platforms) throws Exception {
        PartnerStsEmulator partner = platforms.emulators().rfc8693();

        Http.Response response = UpstreamExchanges.forAlice(acme).resource("https://partner.example/api").scope("write").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("scope").asText()).isEqualTo("write");
        IssuedPartnerToken issued = partner.issuedToken(body.get("access_token").asText()).orElseThrow();
        assertThat(issued.subject()).isEqualTo("alice@acme.test");
        assertThat(issued.clientId()).isEqualTo("acme-keycloak");
        JWTClaimsSet assertion = partner.lastReceived().token().orElseThrow().claims();
        assertThat(assertion.getJSONObjectClaim("act")).containsEntry("sub", "claude-desktop");
        assertThat(partner.lastReceived().params()).containsEntry("audience", "partner-api").containsEntry("scope", "write");
    }

    @Test
    void privateKeyJwtClientAuthenticationIsSignedWithTheRealmKey(Realm acme, Platforms platforms) {
        PartnerStsEmulator partner = platforms.emulators().rfc8693();
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "partner-jwt", "rfc8693", Map.of(
                "assertion.audience", "https://partner.example/sts", "token.endpoint", partner.tokenUri().toString(),
                "scope.default", "read", "subject.source", "email", "rfc8693.audience", "partner-api",
                "rfc8693.client-auth", "private_key_jwt", "rfc8693.client-id", "acme-keycloak-jwt"))) {
            Http.Response response = UpstreamExchanges.forAlice(acme).audience("partner-jwt").post();

            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(partner.issuedToken(response.json().get("access_token").asText()).orElseThrow().clientId()).isEqualTo("acme-keycloak-jwt");
        }
    }

    @Test
    void wrongClientSecretIsTheUpstreamsRefusal(Realm acme, Platforms platforms) {
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, "partner-wrong-secret", "rfc8693", Map.of(
                "assertion.audience", "https://partner.example/sts", "token.endpoint", platforms.emulators().rfc8693().tokenUri().toString(),
                "scope.default", "read", "subject.source", "email", "rfc8693.audience", "partner-api",
                "rfc8693.client-auth", "client_secret_basic", "rfc8693.client-id", "acme-keycloak", "rfc8693.client-secret", "not-it"))) {
            JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("partner-wrong-secret").post(), 400, "invalid_request");

            assertThat(error.get("error_description").asText()).startsWith("partner-wrong-secret: 401 invalid_client");
            assertThat(error.toString()).doesNotContain("not-it");
        }
    }

    @Test
    void clientSecretIsNotReadableThroughTheAdminApi(Realm acme) {
        JsonNode partner = null;
        for (JsonNode component : acme.admin().getJson("/components?type=dev.tokenbroker.upstream.UpstreamProvider")) {
            if ("partner".equals(component.get("name").asText())) {
                partner = component;
            }
        }
        assertThat(partner).isNotNull();
        assertThat(partner.toString()).doesNotContain("demo-partner-secret");
    }
}
