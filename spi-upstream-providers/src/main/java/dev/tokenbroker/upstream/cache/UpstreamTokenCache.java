package dev.tokenbroker.upstream.cache;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * Platform tokens reused until shortly before they expire, keyed by who asked for what under which
 * configuration: (realm, user, actor chain, upstream, its configuration's fingerprint, scope).
 * Bounded in size, local to this Keycloak node; revocations reach every node's copy through
 * {@link UpstreamCacheEvents}.
 *
 * <p>Entries remember the user session and the clients in the actor chain so they can be dropped
 * when the session ends or a client or the user is disabled ({@link UpstreamCacheInvalidator}). An
 * entry is also never served to another session of the same user.
 */
public final class UpstreamTokenCache {

    /** Hand out a cached token only if it stays valid at least this long, so callers can still use it. */
    static final long MIN_REMAINING_SECONDS = 30;

    private final Cache<Key, Entry> cache;
    private final UpstreamClock clock;

    public UpstreamTokenCache(long maxEntries) {
        this(maxEntries, UpstreamClock.KEYCLOAK);
    }

    public UpstreamTokenCache(long maxEntries, UpstreamClock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                        return Duration.ofSeconds(Math.max(0, entry.expiresAt() - MIN_REMAINING_SECONDS - clock.nowSeconds())).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** A still-fresh token for the key and session, with {@code expires_in} counting down; else {@code null}. */
    public UpstreamToken get(Key key, String userSessionId) {
        Entry entry = cache.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        long remaining = entry.expiresAt() - clock.nowSeconds();
        if (remaining < MIN_REMAINING_SECONDS || !entry.userSessionId().equals(userSessionId)) {
            cache.invalidate(key);
            return null;
        }
        return entry.token().withExpiresIn(remaining);
    }

    public void put(Key key, UpstreamToken token, String userSessionId, Set<String> actorSubjects) {
        if (token.expiresIn() <= MIN_REMAINING_SECONDS) {
            return;
        }
        cache.put(key, new Entry(token, clock.nowSeconds() + token.expiresIn(), userSessionId, actorSubjects));
    }

    public void dropUser(String realmId, String userId) {
        drop(key -> key.realmId().equals(realmId) && key.userId().equals(userId), entry -> true);
    }

    public void dropUserSession(String realmId, String userSessionId) {
        drop(key -> key.realmId().equals(realmId), entry -> entry.userSessionId().equals(userSessionId));
    }

    /** Drops every entry whose actor chain contains the client (an agent disabled or removed). */
    public void dropActor(String realmId, String actorSubject) {
        drop(key -> key.realmId().equals(realmId), entry -> entry.actorSubjects().contains(actorSubject));
    }

    public void dropUpstream(String realmId, String upstreamId) {
        drop(key -> key.realmId().equals(realmId) && key.upstreamId().equals(upstreamId), entry -> true);
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private void drop(Predicate<Key> keyMatches, Predicate<Entry> entryMatches) {
        cache.asMap().entrySet().removeIf(e -> keyMatches.test(e.getKey()) && entryMatches.test(e.getValue()));
    }

    /**
     * @param actorChain        the chain as JSON: a token obtained for one agent is not handed to another
     * @param configFingerprint {@link ConfigFingerprint} of the upstream: a changed upstream never serves old tokens
     */
    public record Key(String realmId, String userId, String actorChain, String upstreamId, String configFingerprint, String scope) {
    }

    private record Entry(UpstreamToken token, long expiresAt, String userSessionId, Set<String> actorSubjects) {
    }
}
