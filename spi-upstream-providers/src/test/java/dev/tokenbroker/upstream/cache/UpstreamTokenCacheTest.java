package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamToken;

class UpstreamTokenCacheTest {

    private final UpstreamTokenCache cache = new UpstreamTokenCache(100);
    private final UpstreamTokenCache.Key alice = new UpstreamTokenCache.Key("realm", "alice", "{\"sub\":\"claude\"}", "databricks", "all-apis");

    @Test
    void whenFreshTokenCachedThenServedToTheSameSessionWithRemainingLifetime() {
        cache.put(alice, token(600), "s1", Set.of("claude"));

        UpstreamToken hit = cache.get(alice, "s1");

        assertThat(hit.accessToken()).isEqualTo("t-600");
        assertThat(hit.expiresIn()).isBetween(598L, 600L);
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

        assertThat(cache.get(new UpstreamTokenCache.Key("realm", "alice", "{\"sub\":\"cursor\"}", "databricks", "all-apis"), "s1")).isNull();
        assertThat(cache.get(new UpstreamTokenCache.Key("realm", "alice", "{\"sub\":\"claude\"}", "databricks", "sql"), "s1")).isNull();
    }

    @Test
    void whenActorDroppedThenOnlyEntriesWithThatActorGo() {
        UpstreamTokenCache.Key viaCursor = new UpstreamTokenCache.Key("realm", "alice", "{\"sub\":\"cursor\"}", "databricks", "all-apis");
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
            cache.put(new UpstreamTokenCache.Key("realm", "user-" + i, "{}", "databricks", "all-apis"), token(600), "s" + i, Set.of());
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    private static UpstreamToken token(long expiresIn) {
        return UpstreamToken.bearer("t-" + expiresIn, UpstreamToken.ACCESS_TOKEN_TYPE, expiresIn, "all-apis");
    }
}
