package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/** Platform tokens are reused per (user, actor chain, upstream, scope) and dropped when their grounds go. */
@RealKeycloak
class UpstreamCacheIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void secondExchangeForTheSameUserAgentUpstreamAndScopeMakesNoUpstreamCall(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String alice = acme.aliceViaClaude();

        Http.Response first = exchange(acme, alice, "all-apis");
        Http.Response second = exchange(acme, alice, "all-apis");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(databricks.calls()).isEqualTo(1);
        assertThat(second.json().get("access_token").asText()).isEqualTo(first.json().get("access_token").asText());
        assertThat(second.json().get("expires_in").asLong()).isLessThanOrEqualTo(first.json().get("expires_in").asLong());
        assertThat(cacheDetailOfLatestExchange(acme)).isEqualTo("hit");
    }

    @Test
    void anotherScopeOrAnotherAgentIsAnotherCacheEntry(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String alice = acme.aliceViaClaude();
        String agent = acme.clientCredentials("research-agent", "demo-research-agent-secret");

        exchange(acme, alice, "all-apis");
        exchange(acme, alice, "sql");
        Http.Response viaAgent = acme.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(alice).actor(agent).audience("databricks").post();

        assertThat(viaAgent.status()).isEqualTo(200);
        assertThat(databricks.calls()).isEqualTo(3);
        assertThat(platforms.emulators().databricks().lastReceived().token().orElseThrow().claims().getClaim("act").toString())
                .contains("research-agent");
    }

    @Test
    void disablingTheAgentDropsItsCachedTokens(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String alice = acme.aliceViaClaude();
        assertThat(exchange(acme, alice, "all-apis").status()).isEqualTo(200);

        ObjectNode claude = acme.admin().client("claude-desktop");
        claude.put("enabled", false);
        acme.admin().updateClient(claude);
        try {
            assertThat(exchange(acme, alice, "all-apis").status()).as("the agent is disabled").isEqualTo(400);
        } finally {
            claude.put("enabled", true);
            acme.admin().updateClient(claude);
        }
        Http.Response afterReenabling = exchange(acme, alice, "all-apis");

        assertThat(afterReenabling.status()).isEqualTo(200);
        assertThat(databricks.calls()).as("the cached token went with the disabled agent").isEqualTo(2);
    }

    @Test
    void disablingTheUserDropsHerCachedTokens(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String alice = acme.aliceViaClaude();
        assertThat(exchange(acme, alice, "all-apis").status()).isEqualTo(200);

        ObjectNode user = acme.admin().user("alice");
        user.put("enabled", false);
        acme.admin().updateUser(user);
        user.put("enabled", true);
        acme.admin().updateUser(user);
        Http.Response afterReenabling = exchange(acme, alice, "all-apis");

        assertThat(afterReenabling.status()).isEqualTo(200);
        assertThat(databricks.calls()).isEqualTo(2);
    }

    private static Http.Response exchange(Realm acme, String subjectToken, String scope) {
        return acme.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(subjectToken).audience("databricks").scope(scope).post();
    }

    private static String cacheDetailOfLatestExchange(Realm acme) {
        return acme.admin().events("TOKEN_EXCHANGE").get(0).path("details").path("upstream_cache").asText();
    }
}
