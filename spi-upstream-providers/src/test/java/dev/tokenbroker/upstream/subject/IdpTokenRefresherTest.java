package dev.tokenbroker.upstream.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

class IdpTokenRefresherTest {

    @Test
    void whenJsonAnswerThenTokensRead() {
        RefreshedTokens tokens = IdpTokenRefresher.read(new UpstreamResponse(200,
                "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"id_token\":\"it\",\"expires_in\":300,\"scope\":\"openid\",\"token_type\":\"Bearer\"}",
                "application/json"));
        assertThat(tokens).isEqualTo(new RefreshedTokens("at", "rt", "it", "openid", "Bearer", 300));
    }

    @Test
    void whenFormAnswerThenTokensRead() {
        RefreshedTokens tokens = IdpTokenRefresher.read(new UpstreamResponse(200,
                "access_token=gho_abc&expires_in=28800&refresh_token=ghr_def&scope=repo&token_type=bearer",
                "application/x-www-form-urlencoded; charset=utf-8"));
        assertThat(tokens).isEqualTo(new RefreshedTokens("gho_abc", "ghr_def", null, "repo", "bearer", 28800));
    }

    @Test
    void whenInvalidGrantThenRefreshRefused() {
        assertThatThrownBy(() -> IdpTokenRefresher.read(new UpstreamResponse(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}", "application/json")))
                .isInstanceOf(RefreshRefused.class).hasMessage("400 invalid_grant: Token is not active");
    }

    @Test
    void whenErrorWithStatus200ThenStillAnError() {
        assertThatThrownBy(() -> IdpTokenRefresher.read(new UpstreamResponse(200,
                "error=bad_refresh_token&error_description=The+refresh+token+passed+is+incorrect+or+expired.", "application/x-www-form-urlencoded")))
                .isInstanceOf(RefreshRefused.class);
    }

    @Test
    void whenInvalidClientThenRejectedNotMarked() {
        assertThatThrownBy(() -> IdpTokenRefresher.read(new UpstreamResponse(401, "{\"error\":\"invalid_client\"}", "application/json")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.isTransient()).isFalse());
    }

    @Test
    void whenServerErrorThenTransient() {
        assertThatThrownBy(() -> IdpTokenRefresher.read(new UpstreamResponse(503, "down", "text/plain")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.isTransient()).isTrue());
    }

    @Test
    void whenNoAccessTokenThenTransientMalformed() {
        assertThatThrownBy(() -> IdpTokenRefresher.read(new UpstreamResponse(200, "{\"expires_in\":3}", "application/json")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.isTransient()).isTrue())
                .hasMessageContaining("no access_token");
    }
}
