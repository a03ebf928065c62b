package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectTokenHolderTest {

    private static final String GATEWAY_URI = "http://localhost:8095/mcp";

    @Test
    void whenIssuedToTheClientThenHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", null, "mcp-gateway", null)).isTrue();
    }

    @Test
    void whenTheClientIdIsAnAudienceThenHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", null, "claude-desktop", new String[] {"account", "mcp-gateway"})).isTrue();
    }

    @Test
    void whenTheClientsResourceUriIsAnAudienceThenHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", GATEWAY_URI, "claude-desktop", new String[] {GATEWAY_URI})).isTrue();
    }

    @Test
    void whenOneOfSeveralResourceUrisIsAnAudienceThenHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", " https://mcp.acme.test/mcp  " + GATEWAY_URI + " ",
                "claude-desktop", new String[] {GATEWAY_URI})).isTrue();
    }

    @Test
    void whenTheAudienceIsAResourceUriTheClientDoesNotServeThenNotHeld() {
        assertThat(SubjectTokenHolder.holds("analytics-mcp", null, "claude-desktop", new String[] {GATEWAY_URI})).isFalse();
        assertThat(SubjectTokenHolder.holds("analytics-mcp", "https://analytics.acme.test/mcp", "claude-desktop",
                new String[] {GATEWAY_URI})).isFalse();
    }

    @Test
    void whenTheUriOnlyPrefixesAnAudienceThenNotHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", "http://localhost:8095", "claude-desktop",
                new String[] {GATEWAY_URI})).isFalse();
    }

    @Test
    void whenNoAudienceAndIssuedToAnotherClientThenNotHeld() {
        assertThat(SubjectTokenHolder.holds("mcp-gateway", GATEWAY_URI, "claude-desktop", null)).isFalse();
    }

    @Test
    void whenTheAttributeIsBlankThenNoResourceUris() {
        assertThat(SubjectTokenHolder.resourceUris("  ")).isEmpty();
        assertThat(SubjectTokenHolder.resourceUris(null)).isEmpty();
    }
}
