package dev.tokenbroker.upstream.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

class StoredTokenSourceTest {

    private static final long NOW = 1_800_000_000L;

    /** The link as a value in memory: what {@link StoredLinks} reads and writes in its own transactions. */
    static final class MemoryLinks extends StoredLinks {
        volatile String stored;
        final List<String> writes = new ArrayList<>();

        MemoryLinks(String stored) {
            super(null, "realm", "user", "corporate");
            this.stored = stored;
        }

        @Override
        String read() {
            return stored;
        }

        @Override
        synchronized void write(String tokenJson) {
            writes.add(tokenJson);
            stored = tokenJson;
        }
    }

    private static String stored(String accessToken, String refreshToken, long expiresAt) {
        return "{\"access_token\":\"" + accessToken + "\"" + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"")
                + ",\"scope\":\"openid email\",\"token_type\":\"Bearer\",\"accessTokenExpiration\":" + expiresAt + "}";
    }

    private static StoredTokenSource source(MemoryLinks links, Function<String, RefreshedTokens> refresher) {
        return new StoredTokenSource(links, refresher, UpstreamClock.fixed(NOW), "realm\nuser\ncorporate-" + System.nanoTime(), 2000);
    }

    private static final Function<String, RefreshedTokens> NEVER = refreshToken -> {
        throw new AssertionError("no refresh expected");
    };

    @Test
    void whenNeverLinkedThenNotLinked() {
        assertThatThrownBy(() -> source(new MemoryLinks(null), NEVER).current(30))
                .isInstanceOfSatisfying(LinkProblem.class, p -> assertThat(p.kind()).isEqualTo(LinkProblem.Kind.NOT_LINKED));
    }

    @Test
    void whenLinkedWithoutStoredTokenThenNoStoredToken() {
        assertThatThrownBy(() -> source(new MemoryLinks(""), NEVER).current(30))
                .isInstanceOfSatisfying(LinkProblem.class, p -> assertThat(p.kind()).isEqualTo(LinkProblem.Kind.NO_STORED_TOKEN));
    }

    @Test
    void whenFreshThenStoredTokenWithoutRefresh() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW + 300));
        StoredTokenSource.Current current = source(links, NEVER).current(30);
        assertThat(current.token().accessToken()).isEqualTo("at-1");
        assertThat(current.refreshed()).isFalse();
        assertThat(links.writes).isEmpty();
    }

    @Test
    void whenNearlyExpiredThenRefreshedAndStoredBack() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW + 10));
        StoredTokenSource.Current current = source(links, refreshToken -> {
            assertThat(refreshToken).isEqualTo("rt-1");
            return new RefreshedTokens("at-2", "rt-2", null, null, "Bearer", 300);
        }).current(30);
        assertThat(current.refreshed()).isTrue();
        assertThat(current.token().accessToken()).isEqualTo("at-2");
        StoredIdpToken written = StoredIdpToken.parse(links.stored);
        assertThat(written.refreshToken()).isEqualTo("rt-2");
        assertThat(written.scope()).isEqualTo("openid email");
        assertThat(written.expiresAt()).isEqualTo(NOW + 300);
    }

    @Test
    void whenRefreshAnswerHasNoRefreshTokenThenOldOneKept() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW - 5));
        source(links, refreshToken -> new RefreshedTokens("at-2", null, null, null, null, 300)).current(30);
        assertThat(StoredIdpToken.parse(links.stored).refreshToken()).isEqualTo("rt-1");
    }

    @Test
    void whenExpiredWithoutRefreshTokenThenExpired() {
        assertThatThrownBy(() -> source(new MemoryLinks(stored("at-1", null, NOW - 5)), NEVER).current(30))
                .isInstanceOfSatisfying(LinkProblem.class, p -> assertThat(p.kind()).isEqualTo(LinkProblem.Kind.EXPIRED));
    }

    @Test
    void whenNearlyExpiredWithoutRefreshTokenThenStillValidTokenReturned() {
        StoredTokenSource.Current current = source(new MemoryLinks(stored("at-1", null, NOW + 5)), NEVER).current(30);
        assertThat(current.token().accessToken()).isEqualTo("at-1");
    }

    @Test
    void whenRefreshRefusedThenLinkMarkedAndRefreshRefused() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW - 5));
        assertThatThrownBy(() -> source(links, refreshToken -> {
            throw new RefreshRefused("400 invalid_grant: Token is not active");
        }).current(30)).isInstanceOfSatisfying(LinkProblem.class, p -> {
            assertThat(p.kind()).isEqualTo(LinkProblem.Kind.REFRESH_REFUSED);
            assertThat(p.at()).isEqualTo(NOW);
        });
        StoredIdpToken mark = StoredIdpToken.parse(links.stored);
        assertThat(mark.isRefusedMark()).isTrue();
        assertThat(mark.refreshToken()).isNull();
        assertThat(links.stored).doesNotContain("rt-1").doesNotContain("at-1");
    }

    @Test
    void whenLinkMarkedThenRefreshRefusedWithoutCallingProvider() {
        MemoryLinks links = new MemoryLinks(StoredIdpToken.refusedMark(NOW - 60, "400 invalid_grant"));
        assertThatThrownBy(() -> source(links, NEVER).current(30))
                .isInstanceOfSatisfying(LinkProblem.class, p -> {
                    assertThat(p.kind()).isEqualTo(LinkProblem.Kind.REFRESH_REFUSED);
                    assertThat(p.at()).isEqualTo(NOW - 60);
                    assertThat(p.getMessage()).contains("invalid_grant");
                });
    }

    @Test
    void whenRefreshRefusedButAnotherNodeRefreshedThenItsTokenReturned() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW - 5));
        StoredTokenSource.Current current = source(links, refreshToken -> {
            links.stored = stored("at-other", "rt-other", NOW + 300); // the other node's rotation lands first
            throw new RefreshRefused("400 invalid_grant");
        }).current(30);
        assertThat(current.token().accessToken()).isEqualTo("at-other");
        assertThat(links.writes).isEmpty();
    }

    @Test
    void whenProviderDownThenFailurePassesUnmarked() {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW - 5));
        assertThatThrownBy(() -> source(links, refreshToken -> {
            throw UpstreamFailure.unavailable("unreachable", null);
        }).current(30)).isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.isTransient()).isTrue());
        assertThat(links.writes).isEmpty();
    }

    @Test
    void whenConcurrentRequestsFindItExpiredThenRefreshedOnce() throws Exception {
        MemoryLinks links = new MemoryLinks(stored("at-1", "rt-1", NOW - 5));
        AtomicInteger refreshes = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        StoredTokenSource source = source(links, refreshToken -> {
            refreshes.incrementAndGet();
            return new RefreshedTokens("at-2", "rt-2", null, null, null, 300);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoredTokenSource.Current>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return source.current(30);
                }));
            }
            start.countDown();
            for (Future<StoredTokenSource.Current> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).token().accessToken()).isEqualTo("at-2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refreshes).hasValue(1);
    }
}
