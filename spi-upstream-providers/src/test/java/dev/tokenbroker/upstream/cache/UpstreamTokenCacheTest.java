package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.spi.UpstreamToken;

class UpstreamTokenCacheTest {

    private final UpstreamTokenCache cache = new UpstreamTokenCache(100, UpstreamClock.fixed(1_000_000));
    private final UpstreamTokenCache.Key alice = key("alice", "{\"sub\":\"claude\"}", "fp-1", "all-apis");

    @Test
    void whenFreshTokenCachedThenServedToTheSameSessionWithRemainingLifetime() {
        cache.put(alice, token(600), "s1", Set.of("claude"));

        UpstreamToken hit = cache.get(alice, "s1");

        assertThat(hit.accessToken()).isEqualTo("t-600");
        assertThat(hit.expiresIn()).isEqualTo(600);
    }

    @Test
    void whenAnotherSessionAsksThenMissAndEntryDropped() {
        cache.put(alice, token(600), "s1", Set.of("claude"));

        assertThat(cache.get(alice, "s2")).isNull();
        assertThat(cache.get(alice, "s1")).isNull();
    }

    @Test
    void whenTokenNearlyExpiredThenNotCached() {
        cache.put(alice, token(UpstreamTokenCache.MIN_REMAINING_SECONDS), "s1", Set.of("claude"));

        assertThat(cache.get(alice, "s1")).isNull();
    }

    @Test
    void whenOtherKeyPartDiffersThenMiss() {
        cache.put(alice, token(600), "s1", Set.of("claude"));

        assertThat(cache.get(key("alice", "{\"sub\":\"cursor\"}", "fp-1", "all-apis"), "s1")).isNull();
        assertThat(cache.get(key("alice", "{\"sub\":\"claude\"}", "fp-1", "sql"), "s1")).isNull();
    }

    @Test
    void whenUpstreamConfigurationChangedThenOldTokenNotServedEvenWithoutADrop() {
        cache.put(alice, token(600), "s1", Set.of("claude"));

        assertThat(cache.get(key("alice", "{\"sub\":\"claude\"}", "fp-2", "all-apis"), "s1")).isNull();
        assertThat(cache.get(alice, "s1")).as("the old configuration's entry is untouched until dropped or expired").isNotNull();
    }

    @Test
    void whenActorDroppedThenOnlyEntriesWithThatActorGo() {
        UpstreamTokenCache.Key viaCursor = key("alice", "{\"sub\":\"cursor\"}", "fp-1", "all-apis");
        cache.put(alice, token(600), "s1", Set.of("claude"));
        cache.put(viaCursor, token(600), "s1", Set.of("cursor"));

        cache.dropActor("realm", "claude");

        assertThat(cache.get(alice, "s1")).isNull();
        assertThat(cache.get(viaCursor, "s1")).isNotNull();
    }

    @Test
    void whenUserOrSessionOrUpstreamDroppedThenTheirEntriesGo() {
        cache.put(alice, token(600), "s1", Set.of("claude"));
        cache.dropUser("realm", "alice");
        assertThat(cache.get(alice, "s1")).isNull();

        cache.put(alice, token(600), "s1", Set.of("claude"));
        cache.dropUserSession("realm", "s1");
        assertThat(cache.get(alice, "s1")).isNull();

        cache.put(alice, token(600), "s1", Set.of("claude"));
        cache.dropUpstream("realm", "databricks");
        assertThat(cache.get(alice, "s1")).isNull();
    }

    @Test
    void whenMoreEntriesThanTheBoundThenSizeStaysBounded() {
        for (int i = 0; i < 1000; i++) {
            cache.put(key("user-" + i, "{}", "fp-1", "all-apis"), token(600), "s" + i, Set.of());
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    private static UpstreamTokenCache.Key key(String user, String actorChain, String fingerprint, String scope) {
        return new UpstreamTokenCache.Key("realm", user, actorChain, "databricks", fingerprint, scope);
    }

    private static UpstreamToken token(long expiresIn) {
        return UpstreamToken.bearer("t-" + expiresIn, UpstreamToken.ACCESS_TOKEN_TYPE, expiresIn, "all-apis");
    }
}
