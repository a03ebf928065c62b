package dev.tokenbroker.exchange;

import static dev.tokenbroker.exchange.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.Actor;
import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.Scopes;

class TokenNarrowingTest {

    private static final long GRANT_EXPIRY = 1_800_000_300L;

    private final AccessToken token = new AccessToken();
    private final ActorChain chain = ActorChain.empty().delegatedTo(new Actor("claude-desktop"));

    TokenNarrowingTest() {
        token.audience("analytics-mcp", "warehouse-api", "account");
        token.setScope("openid email");
        token.exp(GRANT_EXPIRY + 600);
    }

    private TokenNarrowing.Limits limits(List<String> targets, String scopes) {
        return new TokenNarrowing.Limits(targets, Scopes.parse(scopes), GRANT_EXPIRY, chain, "mcp-gateway");
    }

    @Test
    void whenNarrowedThenExactlyTheGrantedAudienceLifetimeActAndClientId() {
        TokenNarrowing.apply(token, limits(List.of("analytics-mcp"), "openid email profile"));

        assertThat(token.getAudience()).containsExactly("analytics-mcp");
        assertThat(token.getExp()).isEqualTo(GRANT_EXPIRY);
        assertThat(token.getOtherClaims()).containsEntry("act", Map.of("sub", "claude-desktop")).containsEntry("client_id", "mcp-gateway");
    }

    @Test
    void whenTokenExpiresBeforeTheGrantThenItsExpiryIsKept() {
        token.exp(GRANT_EXPIRY - 100);

        TokenNarrowing.apply(token, limits(List.of("analytics-mcp"), "openid email"));

        assertThat(token.getExp()).isEqualTo(GRANT_EXPIRY - 100);
    }

    @Test
    void whenTargetNotAmongTheAudiencesTheClientMayAddressThenInvalidTarget() {
        assertRefused(() -> TokenNarrowing.apply(token, limits(List.of("payroll-api"), "openid email")), "invalid_target",
                "not available to the requesting client");
    }

    @Test
    void whenKeycloakAddedAScopeBeyondTheGrantThenInvalidScope() {
        assertRefused(() -> TokenNarrowing.apply(token, limits(List.of("analytics-mcp"), "email")), "invalid_scope", "'openid'");
    }

    @Test
    void whenTheExchangeNamedAToolThenTheTokenCarriesItsAuthorizationDetails() throws Exception {
        List<Map<String, Object>> details = List.of(Map.of("type", "tool_invocation", "tool", "databricks_mcp.query"));

        TokenNarrowing.apply(token, new TokenNarrowing.Limits(List.of("analytics-mcp"), Scopes.parse("openid email"), GRANT_EXPIRY,
                chain, "mcp-gateway", details));

        assertThat(token.getAuthorizationDetails()).singleElement().satisfies(detail -> {
            assertThat(detail.getType()).isEqualTo("tool_invocation");
            assertThat(detail.getCustomData()).containsEntry("tool", "databricks_mcp.query");
        });
        assertThat(org.keycloak.util.JsonSerialization.writeValueAsString(token))
                .contains("\"authorization_details\":[{\"type\":\"tool_invocation\",\"tool\":\"databricks_mcp.query\"}]");
    }

    @Test
    void whenTheExchangeNamedNoToolThenNoAuthorizationDetailsSurvive() {
        token.setAuthorizationDetails(TokenNarrowing.representations(List.of(Map.of("type", "tool_invocation", "tool", "stale"))));

        TokenNarrowing.apply(token, limits(List.of("analytics-mcp"), "openid email"));

        assertThat(token.getAuthorizationDetails()).isNull();
    }
}
