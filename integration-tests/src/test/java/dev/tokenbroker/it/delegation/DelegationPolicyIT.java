package dev.tokenbroker.it.delegation;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/**
 * Delegation configured in the admin console's terms: a client policy ("delegating-gateways", for
 * clients with the ai-gateway role) whose profile holds the delegation executor. policy-gateway has
 * no tokenbroker attributes at all.
 */
@RealKeycloak
class DelegationPolicyIT {

    @Test
    void clientPolicyTurnsDelegationOnWithItsSettings(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String alice = tests.login("app", "alice", "alice").get("access_token").asText();

        Http.Response response = tests.exchange("policy-gateway", "policy-gateway-secret").subject(alice).audience("hop-2").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("act").toString()).isEqualTo("{\"sub\":\"app\"}");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).as("the policy's lifetime cap").isLessThanOrEqualTo(120);
    }

    @Test
    void clientPolicyAllowedActorsAreEnforced(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String alice = tests.login("app", "alice", "alice").get("access_token").asText();
        String erin = tests.login("app", "erin", "erin").get("access_token").asText();

        Http.Response response = tests.exchange("policy-gateway", "policy-gateway-secret").subject(alice).actor(erin).audience("hop-2").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void theExecutorIsOfferedInTheAdminConsole(Realm acme) {
        JsonNode executors = acme.admin().getJson("/serverinfo").at("/componentTypes/org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider");
        JsonNode ours = null;
        for (JsonNode executor : executors) {
            if ("tokenbroker-delegation".equals(executor.get("id").asText())) {
                ours = executor;
            }
        }
        assertThat(ours).isNotNull();
        assertThat(ours.get("properties").toString()).contains("tokenbroker.delegation.max-lifetime", "tokenbroker.delegation.allowed-actors");
    }
}
