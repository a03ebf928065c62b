package dev.tokenbroker.it.upstream;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.gcp.GcpStsEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/** GCP STS through a workload identity pool, then service account impersonation allowed for alice only. */
@RealKeycloak
class GcpStsFederationIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void aliceGetsAServiceAccountTokenThroughHerFederatedPrincipal(Realm acme, Platforms platforms) throws Exception {
        GcpStsEmulator gcp = platforms.emulators().gcpSts();

        Http.Response response = UpstreamExchanges.forAlice(acme).audience("gcp").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(body.get("expires_in").asLong()).isBetween(1L, 3600L);
        assertThat(gcp.serviceAccountToken(body.get("access_token").asText())).isPresent();
        assertThat(gcp.serviceAccountToken(body.get("access_token").asText()).orElseThrow().toString())
                .contains("analyst@acme-data.iam.gserviceaccount.com");

        JWTClaimsSet assertion = gcp.received().stream().filter(r -> r.token().isPresent() && r.path().contains("/gcp-sts"))
                .reduce((a, b) -> b).orElseThrow().token().orElseThrow().claims();
        assertThat(assertion.getSubject()).isEqualTo("alice@acme.test");
        assertThat(assertion.getAudience()).containsExactly(
                "https://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak");
        assertThat(assertion.getJSONObjectClaim("act")).containsEntry("sub", "claude-desktop");
    }

    @Test
    void bobsPrincipalMayNotImpersonateTheAnalystServiceAccount(Realm acme, Platforms platforms) {
        Http.Response response = UpstreamExchanges.forBob(acme).audience("gcp").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText())
                .startsWith("gcp: iamcredentials 403 PERMISSION_DENIED");
    }
}
