package dev.tokenbroker.upstream;

import org.keycloak.common.util.Time;

/**
 * Now, in epoch seconds. Lifetimes, expiry times and cache freshness are all computed against
 * this, so unit tests can fix the time instead of racing the wall clock.
 */
@FunctionalInterface
public interface UpstreamClock {

    /** Keycloak's clock: honours the time offset Keycloak's own tests and admin tooling can set. */
    UpstreamClock KEYCLOAK = Time::currentTime;

    long nowSeconds();

    static UpstreamClock fixed(long epochSeconds) {
        return () -> epochSeconds;
    }
}
