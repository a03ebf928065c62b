package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every token shape a caller can send gets a reason, never an exception (a 500 on the wire). */
class TokenDiagnosisTest {

    private static final String ISSUER = "https://kc.test/realms/acme";
    private static final long NOW = 1_800_000_000L;

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String jwt(String header, String payload) {
        return part(header) + "." + part(payload) + ".c2ln";
    }

    private static String explain(String token) {
        return TokenDiagnosis.explain("subject_token", token, ISSUER, NOW);
    }

    @Test
    void whenHeaderHasNoAlgThenNotSigned() {
        assertThat(explain(jwt("{\"typ\":\"JWT\"}", "{\"iss\":\"" + ISSUER + "\"}"))).isEqualTo("subject_token is not signed");
    }

    @Test
    void whenAlgIsNotAStringThenNotSigned() {
        assertThat(explain(jwt("{\"alg\":256}", "{}"))).isEqualTo("subject_token is not signed");
        assertThat(explain(jwt("{\"alg\":null}", "{}"))).isEqualTo("subject_token is not signed");
        assertThat(explain(jwt("{\"alg\":{\"x\":1}}", "{}"))).isEqualTo("subject_token is not signed");
    }

    @Test
    void whenAlgIsNoneThenNotSigned() {
        assertThat(explain(jwt("{\"alg\":\"none\"}", "{}"))).isEqualTo("subject_token is not signed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"RS256\"", "null", "42", "{", "not json"})
    void whenHeaderIsNotAJsonObjectThenNotWellFormed(String header) {
        assertThat(explain(jwt(header, "{}"))).isEqualTo("subject_token is not a well-formed JWT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"claims\"", "{"})
    void whenPayloadIsNotAJsonObjectThenNotWellFormed(String payload) {
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", payload))).isEqualTo("subject_token is not a well-formed JWT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "!!!.###.$$$", ".."})
    void whenNotThreeBase64PartsThenNotWellFormed(String token) {
        assertThat(explain(token)).isEqualTo("subject_token is not a well-formed JWT");
    }

    @Test
    void whenIssuerIsAnotherRealmOrNotAStringThenNotIssuedByThisRealm() {
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"https://other.test\"}"))).contains("not issued by this realm");
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":[\"" + ISSUER + "\"]}"))).contains("not issued by this realm");
    }

    @Test
    void whenExpiredThenHasExpired() {
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"exp\":" + (NOW - 1) + "}"))).contains("has expired");
    }

    @Test
    void whenTypIsNotBearerThenNotAnAccessToken() {
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"typ\":\"Refresh\"}"))).contains("not an access token");
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"typ\":7}"))).contains("not an access token");
    }

    @Test
    void whenEverythingReadableIsFineThenSignatureOrStateIsBlamed() {
        assertThat(explain(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"exp\":" + (NOW + 60) + ",\"typ\":\"Bearer\"}")))
                .contains("bad signature, revoked");
    }

    @Test
    void whenNullThenNotWellFormed() {
        assertThat(explain(null)).isEqualTo("subject_token is not a well-formed JWT");
    }

    @Test
    void whenPayloadMentionsActOrMayActThenDelegationMarkersArePresent() {
        assertThat(DelegationMarkers.present(jwt("{\"alg\":\"RS256\"}", "{\"act\":{\"sub\":\"a\"}}"))).isTrue();
        assertThat(DelegationMarkers.present(jwt("{\"alg\":\"RS256\"}", "{\"may_act\":{\"sub\":\"a\"}}"))).isTrue();
        assertThat(DelegationMarkers.present(jwt("{\"alg\":\"RS256\"}", "{\"contact\":\"act\\\"\"}"))).isFalse();
        assertThat(DelegationMarkers.present(jwt("{\"typ\":\"JWT\"}", "{\"sub\":\"a\"}"))).isFalse();
        assertThat(DelegationMarkers.present("garbage")).isFalse();
        assertThat(DelegationMarkers.present(null)).isFalse();
    }
}
