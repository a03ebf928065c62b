package dev.tokenbroker.it.policy;

import static dev.tokenbroker.it.policy.PolicyExchanges.TOOL;
import static dev.tokenbroker.it.policy.PolicyExchanges.TOOL_DETAILS;
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
 * The gateway says which tool call an exchange serves (RFC 9396 authorization_details, type
 * tool_invocation); the token, the token response, introspection and the record carry it, and only
 * clients configured for the type may send it.
 */
@RealKeycloak
class ToolIdentityIT {

    @Test
    void theDelegatedTokenCarriesTheToolCallItWasIssuedFor(Realm acme) throws Exception {
        Http.Response response = PolicyExchanges.forAlice(acme).audience("analytics-mcp").param("authorization_details", TOOL_DETAILS).post();

        String token = assertIssuedAccessToken(response);
        JsonNode expected = Http.JSON.readTree(TOOL_DETAILS);
        assertThat(Jwt.claims(token).get("authorization_details")).isEqualTo(expected);
        assertThat(response.json().get("authorization_details")).isEqualTo(expected);
        JsonNode record = PolicyExchanges.latestRecord(acme, true);
        assertThat(record.path("tool").asText()).isEqualTo(TOOL);
        assertThat(Http.JSON.readTree(record.path("authorization_details").asText())).isEqualTo(expected);
        assertThat(record.path("correlation_id").asText()).isNotBlank();
    }

    @Test
    void introspectionShowsTheToolCallToo(Realm acme) throws Exception {
        String token = assertIssuedAccessToken(
                PolicyExchanges.forAlice(acme).audience("analytics-mcp").param("authorization_details", TOOL_DETAILS).post());

        JsonNode introspected = acme.introspect(token, "analytics-mcp", "demo-analytics-mcp-secret").json();

        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("authorization_details")).isEqualTo(Http.JSON.readTree(TOOL_DETAILS));
    }

    @Test
    void withoutAuthorizationDetailsTheTokenNamesNoTool(Realm acme) {
        String token = assertIssuedAccessToken(PolicyExchanges.forAlice(acme).audience("analytics-mcp").post());

        assertThat(Jwt.claims(token).has("authorization_details")).isFalse();
        assertThat(PolicyExchanges.latestRecord(acme, true).has("tool")).isFalse();
    }

    @Test
    void malformedAuthorizationDetailsAreInvalidAuthorizationDetails(Realm acme) {
        Http.Response response = PolicyExchanges.forAlice(acme).audience("analytics-mcp").param("authorization_details", "[{\"type\":").post();

        assertOAuthError(response, 400, "invalid_authorization_details");
        assertThat(PolicyExchanges.refusalRecord(acme, response).path("reason").asText()).contains("not valid JSON");
    }

    @Test
    void anUnknownTypeIsInvalidAuthorizationDetails(Realm acme) {
        Http.Response response = PolicyExchanges.forAlice(acme).audience("analytics-mcp")
                .param("authorization_details", "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1\"}}]").post();

        JsonNode body = assertOAuthError(response, 400, "invalid_authorization_details");
        assertThat(body.get("error_description").asText()).contains("unknown authorization_details type 'payment_initiation'");
        PolicyExchanges.refusalRecord(acme, response);
    }

    @Test
    void aToolInvocationWithoutToolIsInvalidAuthorizationDetails(Realm acme) {
        Http.Response response = PolicyExchanges.forAlice(acme).audience("analytics-mcp")
                .param("authorization_details", "[{\"type\":\"tool_invocation\",\"server\":\"https://mcp.acme.test\"}]").post();

        assertThat(assertOAuthError(response, 400, "invalid_authorization_details").get("error_description").asText())
                .contains("needs a string tool");
    }

    @Test
    void aClientNotConfiguredForToolInvocationMayNotSendIt(Realm acme) {
        // analytics-mcp delegates onward but names no authorization_details types: a tool's own word about a tool is not trusted
        String delegated = assertIssuedAccessToken(PolicyExchanges.forAlice(acme).audience("analytics-mcp").post());

        Http.Response response = acme.exchange("analytics-mcp", "demo-analytics-mcp-secret").subject(delegated)
                .audience("warehouse-api").param("authorization_details", TOOL_DETAILS).post();

        assertThat(assertOAuthError(response, 400, "invalid_authorization_details").get("error_description").asText())
                .isEqualTo("authorization_details type 'tool_invocation' is not allowed for this client");
        assertThat(PolicyExchanges.refusalRecord(acme, response).path("tool").asText()).isEqualTo(TOOL);
    }

    @Test
    void savingAClientThatNamesAnUnknownTypeIsRefused(Realm acme) {
        Http.Response response = PolicyExchanges.putClientAttributes(acme, "analytics-mcp",
                "tokenbroker.authorization-details.types", "tool_invocation payment_initiation");

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains("payment_initiation");
    }
}
