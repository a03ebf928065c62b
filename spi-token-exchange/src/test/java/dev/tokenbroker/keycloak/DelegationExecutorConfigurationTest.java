package dev.tokenbroker.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.DelegationSettings;

/** What Keycloak calls when a client profile with the delegation executor is saved. */
class DelegationExecutorConfigurationTest {

    private final DelegationExecutorConfiguration config = new DelegationExecutorConfiguration();

    @Test
    void whenChainDepthBeyondTheHardLimitThenInvalid() {
        config.setConfigAsMap(DelegationSettings.MAX_CHAIN_DEPTH, "40");

        assertThat(config.validateConfig()).isFalse();
    }

    @Test
    void whenLifetimeNotANumberThenInvalid() {
        config.setConfigAsMap(DelegationSettings.MAX_LIFETIME, "5m");

        assertThat(config.validateConfig()).isFalse();
    }

    @Test
    void whenConsoleSendsListsThenTheFirstValueCounts() {
        config.setConfigAsMap(DelegationSettings.IMPLICIT_ACTOR, List.of("none"));
        config.setConfigAsMap(DelegationSettings.MAX_CHAIN_DEPTH, List.of("3"));

        assertThat(config.validateConfig()).isTrue();
        assertThat(config.settings().maxChainDepth()).isEqualTo(3);
    }

    @Test
    void whenEmptyThenDefaultsAreValid() {
        assertThat(config.validateConfig()).isTrue();
        assertThat(config.settings().enabled()).isTrue();
    }
}
