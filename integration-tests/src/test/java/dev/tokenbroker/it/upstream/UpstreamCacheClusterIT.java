package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.KeycloakCluster;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TemporaryUpstream;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Revocations reach the platform-token cache of every node: a change made through node 1 drops what
 * node 2 cached. Each test first shows node 2 serving from its cache (one platform call for two
 * exchanges), so the call after the change counts only if the drop crossed the cluster.
 *
 * <p>Needs PostgreSQL, so it runs only when asked:
 * {@code ./mvnw verify -Dit.test=UpstreamCacheClusterIT -Dit.cluster.db=jdbc:postgresql://127.0.0.1:5432/<db>
 * -Dit.cluster.db.user=<user> -Dit.cluster.db.password=<password>} (README, "Clusters").
 */
@EnabledIfSystemProperty(named = KeycloakCluster.DB_PROPERTY, matches = ".+")
class UpstreamCacheClusterIT {

    private static final String CACHED_UPSTREAM = "databricks-cluster";

    private static KeycloakCluster cluster;
    private static Platforms platforms;
    private static Realm node1;
    private static Realm node2;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start();
        node1 = Realm.acme(cluster.node(1));
        node2 = Realm.acme(cluster.node(2));
        platforms = Platforms.start(node1);
        awaitNode2Sees(node1.admin().getJson("/components?type=" + Platforms.UPSTREAM_TYPE).toString());
    }

    /** Node 2 must see the upstreams as node 1 re-pointed them (Keycloak's own realm cache invalidation) before anything is measured. */
    private static void awaitNode2Sees(String components) {
        Instant deadline = Instant.now().plusSeconds(30);
        String seen = node2.admin().getJson("/components?type=" + Platforms.UPSTREAM_TYPE).toString();
        while (!seen.equals(components) && Instant.now().isBefore(deadline)) {
            seen = node2.admin().getJson("/components?type=" + Platforms.UPSTREAM_TYPE).toString();
        }
        assertThat(seen).as("node 2's view of the upstreams after node 1 changed them").isEqualTo(components);
    }

    @AfterAll
    static void stopCluster() {
        if (platforms != null) {
            platforms.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void reset() {
        platforms.emulators().resetAll();
    }

    @Test
    void disablingTheAgentThroughOneNodeDropsItsTokensCachedOnTheOther() {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        String alice = node1.aliceViaClaude();
        assertCachedOnNode2(alice, "databricks");

        ObjectNode claude = node1.admin().client("claude-desktop");
        claude.put("enabled", false);
        node1.admin().updateClient(claude);
        claude.put("enabled", true);
        node1.admin().updateClient(claude);
        Http.Response afterReenabling = exchangeOnNode2(alice, "databricks");

        assertThat(afterReenabling.status()).as("%s", afterReenabling).isEqualTo(200);
        assertThat(databricks.calls()).as("node 2 dropped the token when node 1 disabled the agent").isEqualTo(2);
    }

    @Test
    void deletingTheUpstreamThroughOneNodeDropsItsTokensCachedOnTheOther() {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        try (TemporaryUpstream upstream = createCachedUpstream()) {
            String id = upstream.id();
            String alice = node1.aliceViaClaude();
            assertCachedOnNode2(alice, CACHED_UPSTREAM);
            ObjectNode component = (ObjectNode) node1.admin().getJson("/components/" + id);

            Upstreams.delete(node1, id);
            Http.Response recreated = node1.admin().post("/components", component);
            assertThat(recreated.header("Location")).as("same id and configuration: the same cache key").endsWith("/" + id);
            Http.Response afterRecreation = exchangeOnNode2(alice, CACHED_UPSTREAM);

            assertThat(afterRecreation.status()).as("%s", afterRecreation).isEqualTo(200);
            assertThat(databricks.calls()).as("node 2 dropped the token when node 1 deleted the upstream").isEqualTo(2);
        }
    }

    @Test
    void changingTheUpstreamThroughOneNodeMeansTheOtherServesNoOldToken() {
        DatabricksEmulator databricks = platforms.emulators().databricks();
        try (TemporaryUpstream upstream = createCachedUpstream()) {
            String alice = node1.aliceViaClaude();
            assertCachedOnNode2(alice, CACHED_UPSTREAM);

            Upstreams.update(node1, upstream.id(), "expires-in.max", "3000");
            Http.Response afterChange = exchangeOnNode2(alice, CACHED_UPSTREAM);

            assertThat(afterChange.status()).as("%s", afterChange).isEqualTo(200);
            assertThat(databricks.calls()).isEqualTo(2);
        }
    }

    private static TemporaryUpstream createCachedUpstream() {
        return TemporaryUpstream.create(node1, CACHED_UPSTREAM, "databricks", Map.of(
                "assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "subject.source", "email"));
    }

    private static void assertCachedOnNode2(String subjectToken, String upstream) {
        assertThat(exchangeOnNode2(subjectToken, upstream).status()).isEqualTo(200);
        assertThat(exchangeOnNode2(subjectToken, upstream).status()).isEqualTo(200);
        assertThat(platforms.emulators().databricks().calls()).as("node 2 served the second exchange from its cache").isEqualTo(1);
    }

    private static Http.Response exchangeOnNode2(String subjectToken, String upstream) {
        return node2.exchange(UpstreamExchanges.GATEWAY, UpstreamExchanges.GATEWAY_SECRET)
                .subject(subjectToken).audience(upstream).post();
    }
}
