package dev.tokenbroker.emulators.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StringLikeTest {

    @ParameterizedTest
    @CsvSource({
            "agent-*, agent-7, true",
            "agent-*, agent-, true",
            "agent-*, user-7, false",
            "*@acme.test, alice@acme.test, true",
            "a?c, abc, true",
            "a?c, ac, false",
            "exact, exact, true",
            "exact, exactly, false",
            "*, '', true"})
    void whenPatternAppliedThenMatchesLikeIam(String pattern, String value, boolean expected) {
        assertThat(StringLike.matches(pattern, value)).isEqualTo(expected);
    }
}
