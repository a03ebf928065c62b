package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.cache.UpstreamCacheDrop.Target;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/** Each drop, as it arrives from the cluster, removes exactly what it names. */
class UpstreamCacheDropTest {

    private final UpstreamTokenCache cache = new UpstreamTokenCache(100, UpstreamClock.fixed(1_000_000));
    private final UpstreamTokenCache.Key aliceViaClaude = new UpstreamTokenCache.Key("realm", "alice", "claude", "up-1", "fp", "s");
    private final UpstreamTokenCache.Key bobViaCursor = new UpstreamTokenCache.Key("realm", "bob", "cursor", "up-2", "fp", "s");

    @Test
    void whenUserDroppedThenOnlyHerEntriesGo() {
        fill();
        new UpstreamCacheDrop("realm", Target.USER, "alice").applyTo(cache);
        assertOnlyBobLeft();
    }

    @Test
    void whenUserSessionDroppedThenOnlyThatSessionsEntriesGo() {
        fill();
        new UpstreamCacheDrop("realm", Target.USER_SESSION, "alice-session").applyTo(cache);
        assertOnlyBobLeft();
    }

    @Test
    void whenActorDroppedThenOnlyEntriesWithThatActorGo() {
        fill();
        new UpstreamCacheDrop("realm", Target.ACTOR, "claude").applyTo(cache);
        assertOnlyBobLeft();
    }

    @Test
    void whenUpstreamDroppedThenOnlyItsEntriesGo() {
        fill();
        new UpstreamCacheDrop("realm", Target.UPSTREAM, "up-1").applyTo(cache);
        assertOnlyBobLeft();
    }

    @Test
    void whenAnotherRealmIsNamedThenNothingGoes() {
        fill();
        new UpstreamCacheDrop("other-realm", Target.USER, "alice").applyTo(cache);
        assertThat(cache.get(aliceViaClaude, "alice-session")).isNotNull();
    }

    @Test
    void whenAPartIsMissingThenTheDropCannotBeMade() {
        assertThatThrownBy(() -> new UpstreamCacheDrop(null, Target.USER, "alice")).hasMessage("realmId");
        assertThatThrownBy(() -> new UpstreamCacheDrop("realm", null, "alice")).hasMessage("target");
        assertThatThrownBy(() -> new UpstreamCacheDrop("realm", Target.USER, null)).hasMessage("id");
    }

    private void fill() {
        cache.put(aliceViaClaude, token(), "alice-session", Set.of("claude"));
        cache.put(bobViaCursor, token(), "bob-session", Set.of("cursor"));
    }

    private void assertOnlyBobLeft() {
        assertThat(cache.get(aliceViaClaude, "alice-session")).isNull();
        assertThat(cache.get(bobViaCursor, "bob-session")).isNotNull();
    }

    private static UpstreamToken token() {
        return UpstreamToken.bearer("t", UpstreamToken.ACCESS_TOKEN_TYPE, 600, "s");
    }
}
