package dev.tokenbroker.upstream.rfc8693;

import static dev.tokenbroker.upstream.support.Failures.rejected;
import static dev.tokenbroker.upstream.support.Failures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.http.UpstreamResponse;

/** RFC 8693 §2.2.1 answers and §2.2.2 errors, one test per branch. */
class TokenExchangeAnswerTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void whenEveryMemberPresentThenAllAreRead() {
        TokenExchangeAnswer answer = parse(200, """
                {"access_token":"at","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
                 "token_type":"Bearer","expires_in":3599,"scope":"read"}""");

        assertThat(answer).isEqualTo(new TokenExchangeAnswer(200, "at", "urn:ietf:params:oauth:token-type:access_token",
                "Bearer", OptionalLong.of(3599), "read"));
        assertThat(answer.requiredExpiresIn()).isEqualTo(3599);
        assertThat(answer.scopeOr("write")).isEqualTo("read");
    }

    @Test
    void whenOnlyAccessTokenThenTheOptionalMembersAreAbsent() {
        TokenExchangeAnswer answer = parse(200, "{\"access_token\":\"at\",\"expires_in\":null}");

        assertThat(answer.issuedTokenType()).isNull();
        assertThat(answer.tokenType()).isNull();
        assertThat(answer.expiresIn()).isEmpty();
        assertThat(answer.scopeOr("write")).isEqualTo("write");
    }

    @Test
    void whenExpiresInRequiredButAbsentThenMalformed() {
        TokenExchangeAnswer answer = parse(200, "{\"access_token\":\"at\"}");

        unavailable(answer::requiredExpiresIn, "malformed answer (HTTP 200, no expires_in)");
    }

    @Test
    void whenBodyIsNotJsonThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at"), "malformed answer (HTTP 200, not a JSON object)");
    }

    @Test
    void whenBodyIsAJsonArrayThenMalformed() {
        unavailable(() -> parse(200, "[{\"access_token\":\"at\"}]"), "malformed answer (HTTP 200, not a JSON object)");
    }

    @Test
    void whenBodyIsEmptyThenMalformed() {
        unavailable(() -> parse(200, ""), "malformed answer (HTTP 200, not a JSON object)");
    }

    @Test
    void whenAccessTokenMissingThenMalformed() {
        unavailable(() -> parse(200, "{\"token_type\":\"Bearer\",\"expires_in\":60}"), "malformed answer (HTTP 200, no access_token)");
    }

    @Test
    void whenAccessTokenBlankThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\" \"}"), "malformed answer (HTTP 200, no access_token)");
    }

    @Test
    void whenAccessTokenNotAStringThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":{\"value\":\"at\"}}"), "malformed answer (HTTP 200, no access_token)");
    }

    @Test
    void whenExpiresInIsAStringThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"expires_in\":\"3600\"}"), "malformed answer (HTTP 200, bad expires_in)");
    }

    @Test
    void whenExpiresInIsZeroOrNegativeThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"expires_in\":0}"), "malformed answer (HTTP 200, bad expires_in)");
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"expires_in\":-5}"), "malformed answer (HTTP 200, bad expires_in)");
    }

    @Test
    void whenExpiresInIsFractionalThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"expires_in\":59.5}"), "malformed answer (HTTP 200, bad expires_in)");
    }

    @Test
    void whenIssuedTokenTypeNotAStringThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"issued_token_type\":7}"),
                "malformed answer (HTTP 200, bad issued_token_type)");
    }

    @Test
    void whenScopeNotAStringThenMalformed() {
        unavailable(() -> parse(200, "{\"access_token\":\"at\",\"scope\":[\"read\"]}"), "malformed answer (HTTP 200, bad scope)");
    }

    @Test
    void whenStepNamedThenMalformedReasonsCarryIt() {
        unavailable(() -> TokenExchangeAnswer.parse(new UpstreamResponse(200, "nope", "text/plain"), "sts"),
                "sts malformed answer (HTTP 200, not a JSON object)");
    }

    @Test
    void when400WithErrorAndDescriptionThenRejectedWithBoth() {
        rejected(() -> parse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The audience does not match.\"}"),
                "400 invalid_grant: The audience does not match.");
    }

    @Test
    void when401WithErrorOnlyThenRejectedWithTheCode() {
        rejected(() -> parse(401, "{\"error\":\"invalid_client\"}"), "401 invalid_client");
    }

    @Test
    void when403WithDescriptionOnlyThenRejectedWithTheDescription() {
        rejected(() -> parse(403, "{\"error_description\":\"not allowed\"}"), "403 not allowed");
    }

    @Test
    void when400WithoutJsonThenRejectedWithTheStatusAlone() {
        rejected(() -> parse(400, "<html>Bad Request</html>"), "400");
    }

    @Test
    void whenStepNamedThenErrorReasonsCarryIt() {
        rejected(() -> TokenExchangeAnswer.parse(new UpstreamResponse(400, "{\"error\":\"invalid_target\"}", "application/json"), "sts"),
                "sts 400 invalid_target");
    }

    @Test
    void when5xxThenUnavailable() {
        unavailable(() -> parse(503, "<html>maintenance</html>"), "503");
        unavailable(() -> parse(500, "{\"error\":\"server_error\"}"), "500 server_error");
    }

    @Test
    void when429Or408ThenUnavailableNotARefusal() {
        unavailable(() -> parse(429, "{\"error\":\"slow_down\"}"), "429 slow_down");
        unavailable(() -> parse(408, ""), "408");
    }

    @Test
    void whenARedirectComesBackThenUnavailable() {
        unavailable(() -> parse(302, ""), "302");
    }

    @Test
    void whenErrorTextEchoesATokenThenItIsRedacted() {
        rejected(() -> parse(400, "{\"error\":\"invalid_request\",\"error_description\":\"bad subject_token " + JWT + "\"}"),
                "400 invalid_request: bad subject_token [redacted]");
    }

    @Test
    void whenErrorTextHasLineBreaksThenTheyAreFlattened() {
        rejected(() -> parse(400, "{\"error\":\"invalid_request\",\"error_description\":\"line one\\n2026-12-01 INFO forged\"}"),
                "400 invalid_request: line one 2026-12-01 INFO forged");
    }

    @Test
    void whenErrorTextIsHugeThenItIsCut() {
        String reason = rejected(() -> parse(400, "{\"error\":\"invalid_request\",\"error_description\":\"" + "x".repeat(5_000) + "\"}"),
                "400 invalid_request: " + "x".repeat(300 - "400 invalid_request: ".length()) + "...").getMessage();

        assertThat(reason).hasSize(303);
    }

    private static TokenExchangeAnswer parse(int status, String body) {
        return TokenExchangeAnswer.parse(new UpstreamResponse(status, body, "application/json"), "");
    }
}
