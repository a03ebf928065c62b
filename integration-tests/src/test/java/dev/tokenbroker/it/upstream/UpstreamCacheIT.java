package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Platform tokens are reused per (user, actor chain, upstream and its configuration, scope) and dropped
 * when their grounds go. Every drop travels as a cluster event, delivered on a single node to the node
 * itself: these tests exercise that path ({@code UpstreamCacheClusterIT} the one between two nodes).
 */
@RealKeycloak
class UpstreamCacheIT {

    private static final String ALLOWED_ACTORS = "tokenbroker.delegation.allowed-actors";
    private static final String TEMP_AGENT = "temp-agent";
    private static final String TEMP_AGENT_SECRET = "temp-agent-secret";
    private static final String TEMP_UPSTREAM = "databricks-cached";

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

    @Test
    void removingTheAgentClientDropsItsCachedTokensEvenIfItIsRecreated(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        ObjectNode gateway = acme.admin().client(UpstreamExchanges.GATEWAY);
        String allowedActors = gateway.path("attributes").path(ALLOWED_ACTORS).asText();
        ((ObjectNode) gateway.get("attributes")).put(ALLOWED_ACTORS, allowedActors + " " + TEMP_AGENT);
        acme.admin().updateClient(gateway);
        try {
            String alice = acme.aliceViaClaude();
            createTempAgent(acme);
            assertCached(acme, () -> exchangeVia(acme, alice, acme.clientCredentials(TEMP_AGENT, TEMP_AGENT_SECRET)), databricks);

            acme.admin().delete("/clients/" + acme.admin().client(TEMP_AGENT).get("id").asText());
            createTempAgent(acme);
            Http.Response afterRecreation = exchangeVia(acme, alice, acme.clientCredentials(TEMP_AGENT, TEMP_AGENT_SECRET));

            assertThat(afterRecreation.status()).isEqualTo(200);
            assertThat(databricks.calls()).as("the cached token went with the removed agent").isEqualTo(2);
            assertThat(cacheDetailOfLatestExchange(acme)).isEqualTo("miss");
        } finally {
            ((ObjectNode) gateway.get("attributes")).put(ALLOWED_ACTORS, allowedActors);
            acme.admin().updateClient(gateway);
            JsonNode agent = acme.admin().getJson("/clients?clientId=" + TEMP_AGENT);
            if (!agent.isEmpty()) {
                acme.admin().delete("/clients/" + agent.get(0).get("id").asText());
            }
        }
    }

    @Test
    void deletingTheUpstreamDropsItsCachedTokensEvenIfItIsRecreatedAsItWas(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, TEMP_UPSTREAM, "databricks", databricksConfig(platforms))) {
            String alice = acme.aliceViaClaude();
            assertCached(acme, () -> exchangeAt(acme, alice, TEMP_UPSTREAM), databricks);
            ObjectNode component = (ObjectNode) acme.admin().getJson("/components/" + upstream.id());

            Upstreams.delete(acme, upstream.id());
            Http.Response recreated = acme.admin().post("/components", component);
            assertThat(recreated.status()).as("%s", recreated).isEqualTo(201);
            assertThat(recreated.header("Location")).as("same id, same configuration: same cache key").endsWith("/" + upstream.id());
            Http.Response afterRecreation = exchangeAt(acme, alice, TEMP_UPSTREAM);

            assertThat(afterRecreation.status()).isEqualTo(200);
            assertThat(databricks.calls()).as("the cached token went with the deleted upstream").isEqualTo(2);
        }
    }

    @Test
    void changingTheUpstreamMeansItsOldTokensAreNotServed(Realm acme, Platforms platforms) {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        try (TemporaryUpstream upstream = TemporaryUpstream.create(acme, TEMP_UPSTREAM, "databricks", databricksConfig(platforms))) {
            String alice = acme.aliceViaClaude();
            assertThat(exchangeAt(acme, alice, TEMP_UPSTREAM).status()).isEqualTo(200);

            Upstreams.update(acme, upstream.id(), "expires-in.max", "3000");
            Http.Response afterChange = exchangeAt(acme, alice, TEMP_UPSTREAM);

            assertThat(afterChange.status()).isEqualTo(200);
            assertThat(databricks.calls()).isEqualTo(2);
            assertThat(cacheDetailOfLatestExchange(acme)).isEqualTo("miss");
        }
    }

    /** Two exchanges, one platform call: the cache holds the token a drop must remove. */
    private static void assertCached(Realm acme, Supplier<Http.Response> exchange, DatabricksEmulator databricks) {
        assertThat(exchange.get().status()).isEqualTo(200);
        assertThat(exchange.get().status()).isEqualTo(200);
        assertThat(databricks.calls()).as("the second exchange was served from the cache").isEqualTo(1);
        assertThat(cacheDetailOfLatestExchange(acme)).isEqualTo("hit");
    }

    private static void createTempAgent(Realm acme) {
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", TEMP_AGENT);
        client.put("publicClient", false);
        client.put("secret", TEMP_AGENT_SECRET);
        client.put("standardFlowEnabled", false);
        client.put("serviceAccountsEnabled", true);
        Http.Response response = acme.admin().post("/clients", client);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    private static Http.Response exchangeVia(Realm acme, String subjectToken, String actorToken) {
        return acme.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(subjectToken).actor(actorToken).audience("databricks").scope("all-apis").post();
    }

    private static Http.Response exchangeAt(Realm acme, String subjectToken, String upstream) {
        return acme.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(subjectToken).audience(upstream).post();
    }

    private static Map<String, String> databricksConfig(Platforms platforms) {
        return Map.of("assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis",
                "subject.source", "email");
    }

    private static Http.Response exchange(Realm acme, String subjectToken, String scope) {
        return acme.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(subjectToken).audience("databricks").scope(scope).post();
    }

    private static String cacheDetailOfLatestExchange(Realm acme) {
        return acme.admin().events("TOKEN_EXCHANGE").get(0).path("details").path("upstream_cache").asText();
    }
}
