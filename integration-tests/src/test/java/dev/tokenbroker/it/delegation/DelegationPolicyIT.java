package dev.tokenbroker.it.delegation;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    @Test
    void aDelegationExecutorWithAnImpossibleChainDepthIsRefusedWhenSaved(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        ObjectNode profiles = (ObjectNode) tests.admin().getJson("/client-policies/profiles");
        // appended to the realm's profiles: were it accepted, the others would stay as they are
        ObjectNode bad = ((com.fasterxml.jackson.databind.node.ArrayNode) profiles.get("profiles")).addObject().put("name", "impossible-depth");
        bad.putArray("executors").addObject().put("executor", "tokenbroker-delegation")
                .putObject("configuration").put("tokenbroker.delegation.max-chain-depth", "40");

        Http.Response response = tests.admin().put("/client-policies/profiles", profiles);

        assertThat(response.status()).isEqualTo(400);
        assertThat(tests.admin().getJson("/client-policies/profiles").toString()).doesNotContain("impossible-depth");
    }

    @Test
    void aClientAttributeThatWouldFailEveryExchangeIsRefusedWhenSaved(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        ObjectNode sink = tests.admin().client("sink");
        ((ObjectNode) sink.get("attributes")).put("tokenbroker.delegation.max-chain-depth", "40");

        Http.Response response = tests.admin().put("/clients/" + sink.get("id").asText(), sink);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("tokenbroker.delegation.max-chain-depth");
        assertThat(tests.admin().client("sink").path("attributes").path("tokenbroker.delegation.max-chain-depth").isMissingNode()).isTrue();
    }
}
