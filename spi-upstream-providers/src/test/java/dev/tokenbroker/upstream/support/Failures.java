package dev.tokenbroker.upstream.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.tokenbroker.upstream.spi.UpstreamFailure;

/** Asserting the kind and reason of an {@link UpstreamFailure}: a refusal (caller's 400) or an unavailability (503). */
public final class Failures {

    private Failures() {
    }

    public static UpstreamFailure rejected(ThrowingCallable call, String reason) {
        return failure(call, false, reason);
    }

    public static UpstreamFailure unavailable(ThrowingCallable call, String reason) {
        return failure(call, true, reason);
    }

    private static UpstreamFailure failure(ThrowingCallable call, boolean transientFailure, String reason) {
        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, call);
        assertThat(failure).as("an UpstreamFailure").isNotNull();
        assertThat(failure.isTransient()).as(transientFailure ? "an unavailability, not a refusal" : "a refusal, not an unavailability")
                .isEqualTo(transientFailure);
        assertThat(failure.getMessage()).isEqualTo(reason);
        return failure;
    }
}
