package dev.tokenbroker.upstream.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class StoredIdpTokenTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void whenNotJsonThenNothingStored() {
        assertThat(StoredIdpToken.parse("not json")).isNull();
        assertThat(StoredIdpToken.parse(null)).isNull();
    }

    @Test
    void whenKeycloakStoredAFormEncodedAnswerThenItsTokensAreReadAndItIsRefreshedToLearnItsExpiry() {
        // what Keycloak stores from a GitHub-style provider that answered the sign-in form-encoded
        StoredIdpToken token = StoredIdpToken.parse("access_token=ghu_abc&expires_in=28800&refresh_token=ghr_d%2Bef"
                + "&refresh_token_expires_in=15897600&scope=&token_type=bearer");

        assertThat(token.accessToken()).isEqualTo("ghu_abc");
        assertThat(token.refreshToken()).isEqualTo("ghr_d+ef");
        assertThat(token.tokenType()).isEqualTo("bearer");
        assertThat(token.scope()).isNull();
        assertThat(token.expirySource()).as("expires_in of a stored form: relative to a moment not stored").isEqualTo("unknown");
        assertThat(token.needsRefresh(0, 30)).as("it expires, nobody knows when: the refresh tells").isTrue();
        assertThat(StoredIdpToken.parse("access_token=gho_x&scope=repo&token_type=bearer").needsRefresh(0, 30))
                .as("an OAuth app's token that does not expire").isFalse();
        StoredIdpToken refreshed = StoredIdpToken.parse(token.refreshedWith(
                new RefreshedTokens("ghu_new", "ghr_new", null, null, "bearer", 28800), 100).toJson());
        assertThat(refreshed.expiresAt()).isEqualTo(28900);
        assertThat(refreshed.refreshToken()).isEqualTo("ghr_new");
    }

    @Test
    void whenAFormHasNoAccessTokenOrBadEscapesThenNothingStored() {
        assertThat(StoredIdpToken.parse("error=bad_verification_code&error_description=gone")).isNull();
        assertThat(StoredIdpToken.parse("access_token=%zz")).isNull();
    }

    @Test
    void whenKeycloakExpirationStoredThenItIsTheExpiry() {
        StoredIdpToken token = StoredIdpToken.parse("{\"access_token\":\"opaque\",\"accessTokenExpiration\":1000}");
        assertThat(token.expiresAt()).isEqualTo(1000);
        assertThat(token.needsRefresh(980, 30)).isTrue();
        assertThat(token.needsRefresh(900, 30)).isFalse();
        assertThat(token.expirySource()).isEqualTo("stored");
    }

    @Test
    void whenJwtWithoutStoredExpirationThenExpFromToken() {
        StoredIdpToken token = StoredIdpToken.parse("{\"access_token\":\"" + jwt("{\"exp\":2000,\"aud\":[\"api\",\"other\"]}") + "\"}");
        assertThat(token.expiresAt()).isEqualTo(2000);
        assertThat(token.jwtAudiences()).containsExactly("api", "other");
        assertThat(token.expirySource()).isEqualTo("jwt");
    }

    @Test
    void whenOpaqueWithoutExpiryThenNeverRefreshedAndFallbackLifetime() {
        StoredIdpToken token = StoredIdpToken.parse("{\"access_token\":\"gho_x\"}");
        assertThat(token.needsRefresh(5000, 30)).isFalse();
        assertThat(token.expiresIn(5000, 3600)).isEqualTo(3600);
        assertThat(token.jwtAudiences()).isNull();
        assertThat(token.expirySource()).isEqualTo("unknown");
    }

    @Test
    void whenRefreshedThenUnknownMembersKept() {
        StoredIdpToken token = StoredIdpToken.parse("{\"access_token\":\"a\",\"refresh_token\":\"r\",\"not-before-policy\":0}")
                .refreshedWith(new RefreshedTokens("b", null, "id", "openid", null, 60), 100);
        assertThat(token.toJson()).contains("\"not-before-policy\":0");
        assertThat(token.refreshToken()).isEqualTo("r");
        assertThat(token.idToken()).isEqualTo("id");
        assertThat(token.expiresAt()).isEqualTo(160);
    }
}
