package dev.tokenbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

    @Test
    void whenNoEngineThenEverythingIsAllowedUnnarrowed() {
        PolicyDecision decision = PolicyGate.NONE.decide(null);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.engine()).isEqualTo("none");
        assertThat(decision.maxLifetimeSeconds()).isNull();
    }

    @Test
    void whenDenyWithoutReasonThenRefused() {
        assertThatThrownBy(() -> new PolicyDecision("opa", false, " ", null, null)).hasMessageContaining("reason");
    }

    @Test
    void whenNarrowingToZeroLifetimeThenRefused() {
        assertThatThrownBy(() -> new PolicyDecision("opa", true, null, 0, null)).hasMessageContaining("positive");
    }
}
