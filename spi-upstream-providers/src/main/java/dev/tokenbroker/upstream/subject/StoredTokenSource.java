package dev.tokenbroker.upstream.subject;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.tokenbroker.upstream.UpstreamClock;

/**
 * The user's current token for one identity provider: the stored one while it has enough time left,
 * else refreshed once (per node) and stored back.
 *
 * <p>Order: no link → not linked; nothing stored → no stored token; a refused-refresh mark → refused
 * (the mark stays until the user signs in through the provider again, which stores new tokens);
 * fresh enough → as stored; else, under the link's lock, read again (a concurrent request may have
 * refreshed it) and refresh. A refresh the provider refuses is checked against the stored link once
 * more (another node may have rotated the refresh token) before the link is marked.
 */
public final class StoredTokenSource {

    /** What was handed out and whether it was refreshed for this request. */
    public record Current(StoredIdpToken token, boolean refreshed) {
    }

    private final StoredLinks links;
    private final Function<String, RefreshedTokens> refresher;
    private final UpstreamClock clock;
    private final String linkKey;
    private final long lockWaitMs;

    StoredTokenSource(StoredLinks links, Function<String, RefreshedTokens> refresher, UpstreamClock clock, String linkKey,
                      long lockWaitMs) {
        this.links = links;
        this.refresher = refresher;
        this.clock = clock;
        this.linkKey = linkKey;
        this.lockWaitMs = lockWaitMs;
    }

    Current current(int minValiditySeconds) {
        StoredIdpToken stored = usable(links.read());
        if (!stored.needsRefresh(clock.nowSeconds(), minValiditySeconds)) {
            return new Current(stored, false);
        }
        ReentrantLock lock = RefreshLocks.acquire(linkKey, lockWaitMs);
        if (lock == null) {
            throw new LinkProblem(LinkProblem.Kind.BUSY);
        }
        try {
            String before = links.read();
            stored = usable(before);
            long now = clock.nowSeconds();
            if (!stored.needsRefresh(now, minValiditySeconds)) {
                return new Current(stored, false);
            }
            if (stored.refreshToken() == null) {
                if (stored.expiresIn(now, 0) > 0) {
                    return new Current(stored, false); // nearly expired, but nothing to refresh with: still valid
                }
                throw new LinkProblem(LinkProblem.Kind.EXPIRED);
            }
            try {
                StoredIdpToken next = stored.refreshedWith(refresher.apply(stored.refreshToken()), now);
                links.write(next.toJson());
                return new Current(next, true);
            } catch (RefreshRefused refused) {
                String after = links.read();
                if (after != null && !Objects.equals(before, after)) {
                    StoredIdpToken other = StoredIdpToken.parse(after);
                    if (other != null && !other.isRefusedMark() && other.accessToken() != null
                            && !other.needsRefresh(clock.nowSeconds(), minValiditySeconds)) {
                        return new Current(other, false); // another node refreshed (and rotated) meanwhile
                    }
                }
                links.write(StoredIdpToken.refusedMark(now, refused.getMessage()));
                throw new LinkProblem(LinkProblem.Kind.REFRESH_REFUSED, refused.getMessage(), now);
            }
        } finally {
            lock.unlock();
        }
    }

    private static StoredIdpToken usable(String json) {
        if (json == null) {
            throw new LinkProblem(LinkProblem.Kind.NOT_LINKED);
        }
        StoredIdpToken token = StoredIdpToken.parse(json);
        if (token == null) {
            throw new LinkProblem(LinkProblem.Kind.NO_STORED_TOKEN);
        }
        if (token.isRefusedMark()) {
            throw new LinkProblem(LinkProblem.Kind.REFRESH_REFUSED, token.refusedReason(), token.refusedAt());
        }
        if (token.accessToken() == null) {
            throw new LinkProblem(LinkProblem.Kind.NO_STORED_TOKEN);
        }
        return token;
    }
}
