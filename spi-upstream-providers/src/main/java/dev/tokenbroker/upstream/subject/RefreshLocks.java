package dev.tokenbroker.upstream.subject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-node locks so that concurrent requests for the same user's link refresh once: the first refreshes
 * and stores (committed before it lets go), the others then read the fresh token. A fixed set of
 * striped locks keeps memory bounded whatever the number of users; two links sharing a stripe only
 * wait for each other.
 *
 * <p>Across nodes there is no lock: two nodes may refresh the same link at the same moment. The
 * provider then sees two refreshes; where it rotates refresh tokens, the loser's {@code invalid_grant}
 * is checked against the stored link before anything is marked (see {@link StoredLinks}).
 */
final class RefreshLocks {

    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private RefreshLocks() {
    }

    /** The lock for one link, or {@code null} if it could not be had within {@code waitMs}. */
    static ReentrantLock acquire(String linkKey, long waitMs) {
        ReentrantLock lock = LOCKS[Math.floorMod(linkKey.hashCode(), STRIPES)];
        try {
            return lock.tryLock(waitMs, TimeUnit.MILLISECONDS) ? lock : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
