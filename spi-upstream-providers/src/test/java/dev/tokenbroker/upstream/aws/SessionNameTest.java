package dev.tokenbroker.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** RoleSessionName: AWS allows 2-64 characters of [\w+=,.@-]; one test per branch. */
class SessionNameTest {

    private static final Map<String, String> FACTS = Map.of("username", "alice", "email", "alice@acme.test",
            "actor", "claude-desktop", "client", "mcp-gateway");

    @Test
    void whenNoTemplateThenUserAndActor() {
        assertThat(SessionName.template(null).render(FACTS)).isEqualTo("alice+claude-desktop");
        assertThat(SessionName.template("  ").render(FACTS)).isEqualTo("alice+claude-desktop");
    }

    @Test
    void whenTemplateUsesEveryPlaceholderThenAllAreFilled() {
        assertThat(SessionName.template("${email},${client}=${actor}").render(FACTS)).isEqualTo("alice@acme.test,mcp-gateway=claude-desktop");
    }

    @Test
    void whenAValueHasForbiddenCharactersThenTheyBecomeDashes() {
        assertThat(SessionName.template("${email}").render(Map.of("email", "a b/c"))).isEqualTo("a-b-c");
    }

    @Test
    void whenAValueIsAbsentThenItIsEmpty() {
        assertThat(SessionName.template("${username}+${actor}").render(Map.of("username", "alice"))).isEqualTo("alice+");
    }

    @Test
    void whenLongerThan64ThenCut() {
        assertThat(SessionName.template("${username}").render(Map.of("username", "x".repeat(100)))).isEqualTo("x".repeat(64));
    }

    @Test
    void whenShorterThan2ThenPadded() {
        assertThat(SessionName.template("${username}").render(Map.of("username", "a"))).isEqualTo("a--");
    }

    @Test
    void whenTemplateHasForbiddenLiteralsThenRefused() {
        assertThatThrownBy(() -> SessionName.template("${username} via ${actor}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session name template may use ${username}, ${email}, ${actor}, ${client} and [\\w+=,.@-]");
    }

    @Test
    void whenTemplateHasAnUnknownPlaceholderThenRefused() {
        assertThatThrownBy(() -> SessionName.template("${password}")).hasMessageContaining("may use ${username}");
    }
}
