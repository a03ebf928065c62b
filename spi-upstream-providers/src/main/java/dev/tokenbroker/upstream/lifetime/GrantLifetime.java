package dev.tokenbroker.upstream.lifetime;

import dev.tokenbroker.upstream.UpstreamClock;

/**
 * How long the delegated grant behind an upstream call has left. A platform credential should not
 * outlive the delegation it was issued for, so where a platform takes a lifetime parameter it is
 * asked for no more than this.
 *
 * @param remainingSeconds seconds until the grant's {@code expiresAt}, never negative
 */
public record GrantLifetime(long remainingSeconds) {

    public GrantLifetime {
        remainingSeconds = Math.max(0, remainingSeconds);
    }

    public static GrantLifetime until(long expiresAtEpochSeconds, UpstreamClock clock) {
        return new GrantLifetime(expiresAtEpochSeconds - clock.nowSeconds());
    }

    /**
     * What to ask a platform for: the configured lifetime, shortened to the grant's remaining life,
     * but within the platform's own range. When the platform's minimum is longer than the grant has
     * left, the minimum is asked for (a shorter value would be refused) and the note says so.
     *
     * @param platform   names the platform in the note, e.g. {@code aws-sts}
     * @param configured the upstream's configured lifetime (its ceiling)
     * @param minimum    the platform's smallest accepted value
     * @param maximum    the platform's largest accepted value
     */
    public LifetimeRequest request(String platform, long configured, long minimum, long maximum) {
        long wanted = Math.min(Math.min(configured, maximum), remainingSeconds);
        if (wanted >= minimum) {
            return new LifetimeRequest(wanted, null);
        }
        String note = minimum > remainingSeconds
                ? platform + " minimum " + minimum + " s exceeds grant " + remainingSeconds + " s"
                : null;
        return new LifetimeRequest(minimum, note);
    }
}
