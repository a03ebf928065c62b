package dev.tokenbroker.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void whenParsedThenOrderKeptDuplicatesAndExtraWhitespaceDropped() {
        Scopes scopes = Scopes.parse("  openid\temail  openid profile ");

        assertThat(scopes.asSet()).containsExactly("openid", "email", "profile");
        assertThat(scopes.toString()).isEqualTo("openid email profile");
    }

    @Test
    void whenNullOrBlankThenNone() {
        assertThat(Scopes.parse(null).isEmpty()).isTrue();
        assertThat(Scopes.parse(" ").toString()).isEmpty();
    }

    @Test
    void whenRequestHasCharactersOutsideRfc6749ThenRefused() {
        assertThatThrownBy(() -> Scopes.parseRequest("email \"x\"")).hasMessageContaining("RFC 6749");
        assertThatThrownBy(() -> Scopes.parseRequest("email a\\b")).hasMessageContaining("RFC 6749");
        assertThatThrownBy(() -> Scopes.parseRequest("caf\u00e9")).hasMessageContaining("RFC 6749");
    }

    @Test
    void whenRequestIsWellFormedThenParsed() {
        assertThat(Scopes.parseRequest("session:role:ANALYST https://www.googleapis.com/auth/cloud-platform").asSet()).hasSize(2);
    }

    @Test
    void whenComparedThenFirstMissingTokenIsNamed() {
        Scopes granted = Scopes.parse("openid email");

        assertThat(Scopes.parse("email openid").firstNotIn(granted)).isNull();
        assertThat(Scopes.parse("email profile phone").firstNotIn(granted)).isEqualTo("profile");
    }

    @Test
    void whenWithoutOrIntersectedThenNewSetsInOriginalOrder() {
        Scopes scopes = Scopes.parse("openid email profile");

        assertThat(scopes.without("openid").toString()).isEqualTo("email profile");
        assertThat(scopes.without("phone")).isSameAs(scopes);
        assertThat(scopes.intersect(Scopes.parse("profile openid")).toString()).isEqualTo("openid profile");
        assertThat(Scopes.of(List.of("a", "b", "a"))).isEqualTo(Scopes.parse("a b"));
    }
}
