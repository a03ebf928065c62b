package dev.tokenbroker.upstream.gcp;

import static dev.tokenbroker.upstream.support.Failures.rejected;
import static dev.tokenbroker.upstream.support.Failures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.http.UpstreamResponse;

/** IAM Credentials generateAccessToken answers and Google API errors, one test per branch. */
class GenerateAccessTokenAnswerTest {

    private static final UpstreamClock NOW = UpstreamClock.fixed(Instant.parse("2026-12-01T12:00:00Z").getEpochSecond());

    @Test
    void whenGoogleIssuesATokenThenExpiresInCountsToExpireTime() {
        GenerateAccessTokenAnswer answer = parse(200, "{\"accessToken\":\"ya29.c.x\",\"expireTime\":\"2026-12-01T12:05:00Z\"}");

        assertThat(answer).isEqualTo(new GenerateAccessTokenAnswer("ya29.c.x", 300));
    }

    @Test
    void whenAccessTokenMissingThenMalformed() {
        unavailable(() -> parse(200, "{\"expireTime\":\"2026-12-01T12:05:00Z\"}"), "iamcredentials malformed answer (HTTP 200, no accessToken)");
    }

    @Test
    void whenExpireTimeMissingThenMalformed() {
        unavailable(() -> parse(200, "{\"accessToken\":\"ya29.c.x\"}"), "iamcredentials malformed answer (HTTP 200, no expireTime)");
    }

    @Test
    void whenExpireTimeGarbledThenMalformed() {
        unavailable(() -> parse(200, "{\"accessToken\":\"ya29.c.x\",\"expireTime\":\"in an hour\"}"),
                "iamcredentials malformed answer (HTTP 200, bad expireTime)");
    }

    @Test
    void whenBodyIsNotJsonThenMalformed() {
        unavailable(() -> parse(200, "{\"accessToken\":\"ya29."), "iamcredentials malformed answer (HTTP 200, not a JSON object)");
    }

    @Test
    void when403PermissionDeniedThenRejectedWithGooglesStatusAndMessage() {
        rejected(() -> parse(403, googleError(403, "Permission 'iam.serviceAccounts.getAccessToken' denied", "PERMISSION_DENIED")),
                "iamcredentials 403 PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied");
    }

    @Test
    void when400InvalidLifetimeThenRejected() {
        rejected(() -> parse(400, googleError(400, "The lifetime must be between 1s and 3600s.", "INVALID_ARGUMENT")),
                "iamcredentials 400 INVALID_ARGUMENT: The lifetime must be between 1s and 3600s.");
    }

    @Test
    void when401WithoutGoogleErrorShapeThenRejectedWithTheStatusAlone() {
        rejected(() -> parse(401, "{\"error\":\"invalid_token\"}"), "iamcredentials 401");
    }

    @Test
    void when503ThenUnavailable() {
        unavailable(() -> parse(503, googleError(503, "The service is currently unavailable.", "UNAVAILABLE")),
                "iamcredentials 503 UNAVAILABLE: The service is currently unavailable.");
    }

    @Test
    void when500PageIsNotJsonThenUnavailableWithTheStatus() {
        unavailable(() -> parse(500, "<html>oops</html>"), "iamcredentials 500");
    }

    private static GenerateAccessTokenAnswer parse(int status, String body) {
        return GenerateAccessTokenAnswer.parse(new UpstreamResponse(status, body, "application/json"), NOW);
    }

    private static String googleError(int code, String message, String status) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }
}
