package dev.tokenbroker.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SessionNameAndTagsTest {

    private static final Map<String, String> FACTS = Map.of("username", "alice", "email", "alice@acme.test",
            "actor", "claude-desktop", "client", "mcp-gateway");

    @Test
    void whenRenderedThenPlaceholdersFilledAndForbiddenCharactersReplaced() {
        assertThat(SessionName.template("${username}+${actor}").render(FACTS)).isEqualTo("alice+claude-desktop");
        assertThat(SessionName.template("${email}").render(Map.of("email", "a b/c"))).isEqualTo("a-b-c");
    }

    @Test
    void whenLongerThan64ThenCut() {
        assertThat(SessionName.template("${username}").render(Map.of("username", "x".repeat(100)))).hasSize(64);
    }

    @Test
    void whenTemplateHasForbiddenLiteralsThenRefused() {
        assertThatThrownBy(() -> SessionName.template("${username} via ${actor}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTagsConfiguredThenClaimHasPrincipalTagsAndTransitiveKeys() {
        SessionTags tags = SessionTags.parse("department=attribute:department agent=actor", "department");

        Map<String, Object> claim = tags.claim(FACTS, name -> name.equals("department") ? "analytics" : null);

        assertThat(claim).isEqualTo(Map.of("principal_tags", Map.of("department", List.of("analytics"), "agent", List.of("claude-desktop")),
                "transitive_tag_keys", List.of("department")));
    }

    @Test
    void whenSourceEmptyForTheUserThenTagLeftOut() {
        Map<String, Object> claim = SessionTags.parse("department=attribute:department", null).claim(FACTS, name -> null);

        assertThat(claim).isEqualTo(Map.of("principal_tags", Map.of()));
    }

    @Test
    void whenTagConfigInvalidThenRefused() {
        assertThatThrownBy(() -> SessionTags.parse("department", null)).hasMessageContaining("Key=source");
        assertThatThrownBy(() -> SessionTags.parse("d=password", null)).hasMessageContaining("source");
        assertThatThrownBy(() -> SessionTags.parse("d=actor", "other")).hasMessageContaining("transitive");
    }
}
