package dev.tokenbroker.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Session tags in the https://aws.amazon.com/tags claim, within AWS's limits; one test per branch. */
class SessionTagsTest {

    private static final Map<String, String> FACTS = Map.of("username", "alice", "email", "alice@acme.test",
            "actor", "claude-desktop", "client", "mcp-gateway");

    @Test
    void whenNothingConfiguredThenEmpty() {
        assertThat(SessionTags.parse(null, null).isEmpty()).isTrue();
        assertThat(SessionTags.parse(" ", " ").isEmpty()).isTrue();
    }

    @Test
    void whenTagsConfiguredThenClaimHasPrincipalTagsAndTransitiveKeys() {
        SessionTags tags = SessionTags.parse("department=attribute:department agent=actor", "department");

        Map<String, Object> claim = tags.claim(FACTS, name -> name.equals("department") ? "analytics" : null);

        assertThat(claim).isEqualTo(Map.of("principal_tags", Map.of("department", List.of("analytics"), "agent", List.of("claude-desktop")),
                "transitive_tag_keys", List.of("department")));
    }

    @Test
    void whenSourceEmptyForTheUserThenTagAndItsTransitiveKeyAreLeftOut() {
        Map<String, Object> claim = SessionTags.parse("department=attribute:department", "department").claim(FACTS, name -> null);

        assertThat(claim).isEqualTo(Map.of("principal_tags", Map.of()));
    }

    @Test
    void whenValueLongerThan256ThenCut() {
        Map<String, Object> claim = SessionTags.parse("note=attribute:note", null).claim(FACTS, name -> "v".repeat(300));

        assertThat(claim).isEqualTo(Map.of("principal_tags", Map.of("note", List.of("v".repeat(256)))));
    }

    @Test
    void whenTagIsNotKeyEqualsSourceThenRefused() {
        assertThatThrownBy(() -> SessionTags.parse("department", null)).hasMessage("session tag 'department' is not Key=source");
        assertThatThrownBy(() -> SessionTags.parse("=actor", null)).hasMessage("session tag '=actor' is not Key=source");
    }

    @Test
    void whenKeyHasForbiddenCharactersThenRefused() {
        assertThatThrownBy(() -> SessionTags.parse("dep#t=actor", null)).hasMessage("session tag key 'dep#t' is not a valid AWS tag key");
    }

    @Test
    void whenKeyLongerThan128ThenRefused() {
        String key = "k".repeat(129);
        assertThatThrownBy(() -> SessionTags.parse(key + "=actor", null)).hasMessage("session tag key '" + key + "' is not a valid AWS tag key");
    }

    @Test
    void whenSourceUnknownThenRefused() {
        assertThatThrownBy(() -> SessionTags.parse("d=password", null))
                .hasMessage("session tag source 'password' must be username, email, actor, client or attribute:<name>");
    }

    @Test
    void whenMoreThan50TagsThenRefused() {
        String tags = IntStream.rangeClosed(1, 51).mapToObj(i -> "t" + i + "=actor").collect(Collectors.joining(" "));

        assertThatThrownBy(() -> SessionTags.parse(tags, null)).hasMessage("AWS allows at most 50 session tags");
    }

    @Test
    void whenTransitiveKeyIsNotATagThenRefused() {
        assertThatThrownBy(() -> SessionTags.parse("d=actor", "other")).hasMessage("transitive tag key 'other' is not among the session tags");
    }
}
