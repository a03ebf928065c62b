package dev.tokenbroker.upstream.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;

/** What a platform that takes a lifetime parameter is asked for, branch by branch. */
class GrantLifetimeTest {

    @Test
    void whenGrantExpiresLaterThenRemainingCountsFromTheClock() {
        assertThat(GrantLifetime.until(1_300, UpstreamClock.fixed(1_000)).remainingSeconds()).isEqualTo(300);
    }

    @Test
    void whenGrantAlreadyExpiredThenNothingRemains() {
        assertThat(GrantLifetime.until(900, UpstreamClock.fixed(1_000)).remainingSeconds()).isZero();
    }

    @Test
    void whenConfiguredLifetimeFitsTheGrantThenConfiguredIsAsked() {
        LifetimeRequest request = new GrantLifetime(3_000).request("gcp-sts", 600, 1, 43_200);

        assertThat(request).isEqualTo(new LifetimeRequest(600, null));
    }

    @Test
    void whenGrantShorterThanConfiguredThenGrantRemainderIsAsked() {
        LifetimeRequest request = new GrantLifetime(295).request("gcp-sts", 3_600, 1, 43_200);

        assertThat(request).isEqualTo(new LifetimeRequest(295, null));
    }

    @Test
    void whenConfiguredAboveThePlatformMaximumThenMaximumIsAsked() {
        LifetimeRequest request = new GrantLifetime(100_000).request("aws-sts", 50_000, 900, 43_200);

        assertThat(request.seconds()).isEqualTo(43_200);
        assertThat(request.note()).isNull();
    }

    @Test
    void whenPlatformMinimumExceedsTheGrantThenMinimumIsAskedAndNoted() {
        LifetimeRequest request = new GrantLifetime(300).request("aws-sts", 900, 900, 43_200);

        assertThat(request.seconds()).isEqualTo(900);
        assertThat(request.note()).isEqualTo("aws-sts minimum 900 s exceeds grant 300 s");
    }

    @Test
    void whenConfiguredBelowThePlatformMinimumButGrantLongerThenMinimumIsAskedWithoutNote() {
        LifetimeRequest request = new GrantLifetime(3_000).request("aws-sts", 600, 900, 43_200);

        assertThat(request).isEqualTo(new LifetimeRequest(900, null));
    }

    @Test
    void whenNoParameterThenNothingWasSent() {
        assertThat(LifetimeRequest.NONE.wasSent()).isFalse();
        assertThat(new LifetimeRequest(300, null).wasSent()).isTrue();
    }
}
