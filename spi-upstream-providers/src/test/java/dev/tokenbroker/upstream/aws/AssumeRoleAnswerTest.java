package dev.tokenbroker.upstream.aws;

import static dev.tokenbroker.upstream.support.Failures.rejected;
import static dev.tokenbroker.upstream.support.Failures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/** STS's AssumeRoleWithWebIdentity answers and errors, one test per branch. */
class AssumeRoleAnswerTest {

    private static final UpstreamClock NOW = UpstreamClock.fixed(Instant.parse("2026-12-01T12:00:00Z").getEpochSecond());
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    @Test
    void whenStsIssuesCredentialsThenTheyComeBackInCredentialProcessShape() {
        UpstreamToken token = parse(200, success(credentials("ASIAEXAMPLE", "secret", "session-token", "2026-12-01T12:15:00Z")));

        assertThat(token.accessToken()).isEqualTo("session-token");
        assertThat(token.tokenType()).isEqualTo("N_A");
        assertThat(token.issuedTokenType()).isEqualTo(AssumeRoleAnswer.ISSUED_TOKEN_TYPE);
        assertThat(token.expiresIn()).isEqualTo(900);
        assertThat(token.extraMembers()).containsEntry("aws_credentials", Map.of("Version", 1, "AccessKeyId", "ASIAEXAMPLE",
                "SecretAccessKey", "secret", "SessionToken", "session-token", "Expiration", "2026-12-01T12:15:00Z"));
        assertThat(token.extraMembers()).containsEntry("aws_assumed_role_arn", "arn:aws:sts::123456789012:assumed-role/analyst/alice");
    }

    @Test
    void whenAccessKeyIdMissingThenMalformed() {
        unavailable(() -> parse(200, success(credentials("", "secret", "st", "2026-12-01T12:15:00Z"))),
                "malformed answer (HTTP 200, no AccessKeyId)");
    }

    @Test
    void whenSecretAccessKeyMissingThenMalformed() {
        unavailable(() -> parse(200, success(credentials("ASIA", "", "st", "2026-12-01T12:15:00Z"))),
                "malformed answer (HTTP 200, no SecretAccessKey)");
    }

    @Test
    void whenSessionTokenMissingThenMalformed() {
        unavailable(() -> parse(200, success(credentials("ASIA", "secret", "", "2026-12-01T12:15:00Z"))),
                "malformed answer (HTTP 200, no SessionToken)");
    }

    @Test
    void whenExpirationMissingThenMalformed() {
        unavailable(() -> parse(200, success(credentials("ASIA", "secret", "st", ""))), "malformed answer (HTTP 200, no Expiration)");
    }

    @Test
    void whenExpirationGarbledThenMalformed() {
        unavailable(() -> parse(200, success(credentials("ASIA", "secret", "st", "tomorrow"))), "malformed answer (HTTP 200, bad Expiration)");
    }

    @Test
    void whenBodyIsNotXmlThenMalformed() {
        unavailable(() -> parse(200, "{\"Credentials\":{}}"), "malformed answer (HTTP 200, not STS XML)");
    }

    @Test
    void whenBodyDeclaresADoctypeThenItIsNotReadAtAll() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + success(credentials("&x;", "secret", "st", "2026-12-01T12:15:00Z"));

        unavailable(() -> parse(200, xxe), "malformed answer (HTTP 200, not STS XML)");
    }

    @Test
    void when400InvalidIdentityTokenThenRejectedWithCodeAndMessage() {
        rejected(() -> parse(400, error("Sender", "InvalidIdentityToken", "Incorrect token audience")),
                "400 InvalidIdentityToken: Incorrect token audience");
    }

    @Test
    void when403AccessDeniedThenRejected() {
        rejected(() -> parse(403, error("Sender", "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")),
                "403 AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void when400ValidationErrorForDurationThenRejectedWithStsText() {
        rejected(() -> parse(400, error("Sender", "ValidationError", "1 validation error detected: Value '300' at 'durationSeconds' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 900")),
                "400 ValidationError: 1 validation error detected: Value '300' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
    }

    @Test
    void when503StsErrorThenUnavailable() {
        unavailable(() -> parse(503, error("Receiver", "ServiceUnavailable", "Please retry")), "503 ServiceUnavailable: Please retry");
    }

    @Test
    void when5xxPageIsNotXmlThenUnavailableWithTheStatus() {
        unavailable(() -> parse(502, "<html><body>Bad gateway</body>"), "502");
    }

    @Test
    void whenErrorMessageEchoesTheTokenThenItIsRedacted() {
        rejected(() -> parse(400, error("Sender", "InvalidIdentityToken", "Couldn't parse eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.sig")),
                "400 InvalidIdentityToken: Couldn't parse [redacted]");
    }

    private static UpstreamToken parse(int status, String body) {
        return AssumeRoleAnswer.parse(new UpstreamResponse(status, body, "text/xml"), NOW);
    }

    private static String credentials(String accessKeyId, String secret, String sessionToken, String expiration) {
        return "<Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey>"
                + "<SessionToken>" + sessionToken + "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>";
    }

    private static String success(String credentials) {
        return "<AssumeRoleWithWebIdentityResponse xmlns=\"" + NS + "\"><AssumeRoleWithWebIdentityResult>"
                + "<SubjectFromWebIdentityToken>alice@acme.test</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/analyst/alice</Arn>"
                + "<AssumedRoleId>AROAEXAMPLE:alice</AssumedRoleId></AssumedRoleUser>" + credentials
                + "<Provider>https://keycloak/realms/acme</Provider></AssumeRoleWithWebIdentityResult>"
                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>";
    }

    private static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>";
    }
}
