package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a step refuses with the given OAuth error code, naming what is wrong. */
final class Refusals {

    private Refusals() {
    }

    static void assertRefused(ThrowingCallable step, String oauthError, String descriptionPart) {
        assertThatThrownBy(step)
                .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                    org.assertj.core.api.Assertions.assertThat(refusal.oauthError()).isEqualTo(oauthError);
                    org.assertj.core.api.Assertions.assertThat(refusal.description()).contains(descriptionPart).doesNotContain("eyJ");
                });
    }
}
