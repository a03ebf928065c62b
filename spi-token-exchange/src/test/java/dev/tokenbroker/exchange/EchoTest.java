package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void whenShortPrintableThenQuotedAsIs() {
        assertThat(Echo.of("analytics-mcp")).isEqualTo("'analytics-mcp'");
    }

    @Test
    void whenLongerThanTheLimitThenCutWithEllipsis() {
        String echoed = Echo.of("a".repeat(65_536));

        assertThat(echoed).hasSize(Echo.MAX_LENGTH + 5).endsWith("...'");
    }

    @Test
    void whenControlCharactersOrQuotesThenReplaced() {
        assertThat(Echo.of("a\nb\u0000c'd\u00e9")).isEqualTo("'a?b?c?d?'");
    }

    @Test
    void whenAJwtIsPastedThenNotRepeated() {
        assertThat(Echo.of("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.sig")).isEqualTo("(a token)");
    }

    @Test
    void whenNullThenEmptyQuotes() {
        assertThat(Echo.of(null)).isEqualTo("''");
    }
}
