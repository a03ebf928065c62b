package dev.tokenbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FieldErrorTest {

    private static final List<String> KEYS = List.of("opa.url", "opa.path", "policy.opa.url", "time-windows", "time-zone");

    @Test
    void whenTheMessageStartsWithAKeyThenThatKeyIsTheField() {
        assertThat(FieldError.fromMessage("opa.url must not have a query or fragment", KEYS, "engine"))
                .isEqualTo(new FieldError("opa.url", "opa.url must not have a query or fragment"));
        assertThat(FieldError.fromMessage("time-windows: 'Mon' is not '<days> <HH:mm>-<HH:mm>'", KEYS, "engine").field()).isEqualTo("time-windows");
    }

    @Test
    void whenSeveralKeysMatchThenTheLongestWins() {
        assertThat(FieldError.fromMessage("policy.opa.url is required for engine opa", KEYS, "engine").field()).isEqualTo("policy.opa.url");
    }

    @Test
    void whenAKeyIsOnlyAPrefixOfAWordThenItIsNotTheField() {
        assertThat(FieldError.fromMessage("time-zone-ish is wrong", KEYS, "engine").field()).isEqualTo("engine");
    }

    @Test
    void whenNoKeyIsNamedThenTheFallbackIsTheField() {
        assertThat(FieldError.fromMessage("a client of this realm is already called 'x'", KEYS, "alias").field()).isEqualTo("alias");
        assertThat(FieldError.fromMessage(null, KEYS, "alias").message()).isEqualTo("invalid");
    }
}
