package dev.tokenbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void whenAValueIsASecretThenItIsMasked() {
        assertThat(Masking.masked("demo-partner-secret")).isEqualTo("**********");
    }

    @Test
    void whenAValueIsAVaultReferenceThenItIsShownAsItIs() {
        assertThat(Masking.masked("${vault.partner-secret}")).isEqualTo("${vault.partner-secret}");
    }

    @Test
    void whenNothingIsStoredThenNothingIsShown() {
        assertThat(Masking.masked(null)).isNull();
        assertThat(Masking.masked("")).isEmpty();
    }
}
