package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing peeks at every subject token of the realm: only a real act or may_act claim makes it the broker's. */
class DelegationMarkersTest {

    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String jwt(String header, String payload) {
        return part(header) + "." + part(payload) + ".c2ln";
    }

    @Test
    void whenPayloadHasActThenPresent() {
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"act\":{\"sub\":\"claude-desktop\"}}"))).isTrue();
    }

    @Test
    void whenPayloadHasMayActThenPresent() {
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"may_act\":{\"sub\":\"mcp-gateway\"}}"))).isTrue();
    }

    @Test
    void whenPayloadHasNeitherThenAbsent() {
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"azp\":\"claude-desktop\"}"))).isFalse();
    }

    @Test
    void whenActIsOnlyMentionedInsideAValueThenAbsent() {
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"note\":\"contract\\\"\"}"))).isFalse();
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"exact\":true}"))).isFalse();
    }

    /** A name spelt with unicode escapes is the plain name to every JSON parser, Keycloak's included. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"sub\":\"alice\",\"\\u0061ct\":{\"sub\":\"claude-desktop\"}}",
            "{\"sub\":\"alice\",\"ac\\u0074\":{\"sub\":\"claude-desktop\"}}",
            "{\"sub\":\"alice\",\"may_\\u0061ct\":{\"sub\":\"mcp-gateway\"}}"})
    void whenActIsSpeltWithEscapesThenPresent(String payload) {
        assertThat(DelegationMarkers.present(jwt(HEADER, payload))).isTrue();
    }

    @Test
    void whenPayloadHasEscapesButNoMarkerThenAbsent() {
        assertThat(DelegationMarkers.present(jwt(HEADER, "{\"sub\":\"alice\",\"name\":\"J\\u00f6rg\"}"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"RS256\"", "not json"})
    void whenHeaderIsNotAJsonObjectThenAbsent(String header) {
        assertThat(DelegationMarkers.present(jwt(header, "{\"act\":{\"sub\":\"claude-desktop\"}}"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"act\"]", "\"act\\\"\"", "{\"act\":"})
    void whenPayloadIsNotAJsonObjectThenAbsent(String payload) {
        assertThat(DelegationMarkers.present(jwt(HEADER, payload))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", ".x.y", "!!!.###.$$$"})
    void whenNotACompactJwsThenAbsent(String token) {
        assertThat(DelegationMarkers.present(token)).isFalse();
    }

    @Test
    void whenNoTokenThenAbsent() {
        assertThat(DelegationMarkers.present(null)).isFalse();
    }
}
