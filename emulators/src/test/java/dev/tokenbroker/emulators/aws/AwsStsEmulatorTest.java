package dev.tokenbroker.emulators.aws;

import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.support.BadToken;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.TokenBuilder;
import dev.tokenbroker.emulators.support.Wire;
import dev.tokenbroker.emulators.support.XmlBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AwsStsEmulatorTest {

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final AwsStsEmulator sts = fixture.server().awsSts();

    private TokenBuilder aliceToken() {
        return fixture.token(AcmeDemo.AWS_AUDIENCE).subject(AcmeDemo.ALICE_EMAIL);
    }

    private static Map<String, String> assumeRole(String roleArn, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithWebIdentity");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", roleArn);
        form.put("RoleSessionName", "alice-session");
        form.put("WebIdentityToken", token);
        return form;
    }

    private HttpResponse<String> call(Map<String, String> form) {
        return Wire.postForm(sts.endpoint(), form);
    }

    @Test
    void whenTokenValidThenCredentialsInStsXmlAndSessionRecorded() {
        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
        XmlBody xml = XmlBody.of(response.body());
        assertThat(xml.rootName()).isEqualTo("AssumeRoleWithWebIdentityResponse");
        assertThat(xml.rootNamespace()).isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
        assertThat(xml.text("SubjectFromWebIdentityToken")).isEqualTo(AcmeDemo.ALICE_EMAIL);
        assertThat(xml.text("Audience")).isEqualTo(AcmeDemo.AWS_AUDIENCE);
        assertThat(xml.text("Provider")).isEqualTo(fixture.issuer().issuer());
        assertThat(xml.text("Arn")).isEqualTo("arn:aws:sts::123456789012:assumed-role/acme-analyst/alice-session");
        assertThat(xml.text("AssumedRoleId")).matches("AROA[A-Z0-9]{17}:alice-session");
        String accessKeyId = xml.text("AccessKeyId");
        assertThat(accessKeyId).matches("ASIA[A-Z0-9]{16}");
        assertThat(xml.text("SecretAccessKey")).hasSize(40);
        assertThat(xml.text("SessionToken")).isNotBlank();
        assertThat(Instant.parse(xml.text("Expiration")))
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(Duration.ofSeconds(30)));
        assertThat(xml.text("PackedPolicySize")).isEqualTo("0");
        assertThat(xml.text("RequestId")).isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());

        assertThat(sts.session(accessKeyId)).hasValueSatisfying(session -> {
            assertThat(session.subject()).isEqualTo(AcmeDemo.ALICE_EMAIL);
            assertThat(session.roleArn()).isEqualTo(AcmeDemo.AWS_ANALYST_ROLE_ARN);
            assertThat(session.sessionName()).isEqualTo("alice-session");
        });
        assertThat(sts.lastReceived().params()).containsEntry("WebIdentityToken", "<redacted>");
    }

    @Test
    void whenSessionTagsAllowedThenTagsKeptWithSession() {
        String token = aliceToken().claim("https://aws.amazon.com/tags", Map.of(
                "principal_tags", Map.of("Dept", List.of("Eng"), "Agent", List.of("reporting-bot")),
                "transitive_tag_keys", List.of("Dept"))).sign();

        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token));

        assertThat(response.statusCode()).isEqualTo(200);
        AwsSession session = sts.session(XmlBody.of(response.body()).text("AccessKeyId")).orElseThrow();
        assertThat(session.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("Dept", "Eng", "Agent", "reporting-bot"));
        assertThat(session.transitiveTagKeys()).containsExactly("Dept");
    }

    @Test
    void whenSessionTagsWithoutTagSessionPermissionThenAccessDenied() {
        String token = aliceToken().claim("https://aws.amazon.com/tags",
                Map.of("principal_tags", Map.of("Dept", List.of("Eng")))).sign();

        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_AUDITOR_ROLE_ARN, token));

        assertStsError(response, 403, "AccessDenied");
        assertThat(XmlBody.of(response.body()).text("Message")).contains("sts:TagSession");
        assertThat(sts.sessions()).isEmpty();
    }

    @Test
    void whenMoreThan50TagsThenInvalidParameterValue() {
        Map<String, List<String>> tags = IntStream.range(0, 51).boxed()
                .collect(Collectors.toMap(i -> "k" + i, i -> List.of("v")));
        String token = aliceToken().claim("https://aws.amazon.com/tags", Map.of("principal_tags", tags)).sign();

        assertStsError(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token)), 400, "InvalidParameterValue");
    }

    @Test
    void whenTagValueIsNotSingleStringArrayThenInvalidIdentityToken() {
        String token = aliceToken().claim("https://aws.amazon.com/tags",
                Map.of("principal_tags", Map.of("Dept", List.of("Eng", "Ops")))).sign();

        assertStsError(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token)), 400, "InvalidIdentityToken");
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void whenTokenBadThenRejectedWithAwsCode(BadToken bad) {
        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, bad.mint(aliceToken())));

        String expected = bad == BadToken.EXPIRED ? "ExpiredTokenException" : "InvalidIdentityToken";
        assertStsError(response, 400, expected);
        assertThat(sts.sessions()).isEmpty();
    }

    @Test
    void whenAudienceNotAClientIdThenIncorrectTokenAudience() {
        String token = fixture.token("https://acme.cloud.databricks.com").sign();

        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token));

        assertStsError(response, 400, "InvalidIdentityToken");
        assertThat(XmlBody.of(response.body()).text("Message")).isEqualTo("Incorrect token audience");
    }

    @Test
    void whenIssuerHasNoProviderThenNoOpenIdConnectProviderFound() {
        HttpResponse<String> response = call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN,
                aliceToken().issuer("https://elsewhere.example").sign()));

        assertThat(XmlBody.of(response.body()).text("Message"))
                .isEqualTo("No OpenIDConnect provider found in your account for https://elsewhere.example");
    }

    @Test
    void whenEs256ThenInvalidIdentityTokenBecauseAwsTakesRsaOnly() {
        assertStsError(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().es256().sign())), 400,
                "InvalidIdentityToken");
    }

    @Test
    void whenExpiredWithinFiveMinuteSkewThenAccepted() {
        String token = aliceToken().window(Duration.ofMinutes(-10), Duration.ofMinutes(7)).sign();

        assertThat(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenIssuedUpToFiveMinutesAheadThenAccepted() {
        String token = aliceToken().window(Duration.ofMinutes(4), Duration.ofMinutes(10)).sign();

        assertThat(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenSubMissingThenIdpRejectedClaim() {
        String token = fixture.token(AcmeDemo.AWS_AUDIENCE).subject(null).sign();

        assertStsError(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, token)), 403, "IDPRejectedClaim");
    }

    @Test
    void whenRoleUnknownThenAccessDenied() {
        assertStsError(call(assumeRole("arn:aws:iam::123456789012:role/nope", aliceToken().sign())), 403,
                "AccessDenied");
    }

    @Test
    void whenSubjectPatternDoesNotMatchThenAccessDenied() {
        sts.reconfigure(c -> c.withRole(c.role(AcmeDemo.AWS_ANALYST_ROLE_ARN).orElseThrow()
                .withSubjectPatterns(List.of("agent-*"))));

        assertStsError(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign())), 403, "AccessDenied");
        assertThat(call(assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().subject("agent-7").sign())).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"899", "43201", "3601"})
    void whenDurationSecondsOutOfRangeThenValidationError(String duration) {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("DurationSeconds", duration);

        assertStsError(call(form), 400, "ValidationError");
    }

    @Test
    void whenDurationSecondsWithinRangeThenExpirationFollowsIt() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("DurationSeconds", "900");

        Instant expiration = Instant.parse(XmlBody.of(call(form).body()).text("Expiration"));

        assertThat(expiration).isCloseTo(Instant.now().plusSeconds(900), within(Duration.ofSeconds(30)));
    }

    @Test
    void whenDurationSecondsNotANumberThenInvalidParameterValue() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("DurationSeconds", "an-hour");

        assertStsError(call(form), 400, "InvalidParameterValue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "bad name", "a-session-name-that-is-far-too-long-for-aws-sts-to-accept-as-valid-x"})
    void whenRoleSessionNameInvalidThenValidationError(String name) {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("RoleSessionName", name);

        assertStsError(call(form), 400, "ValidationError");
    }

    @Test
    void whenRequiredParametersMissingThenOneValidationErrorListingAll() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.remove("RoleArn");
        form.remove("WebIdentityToken");

        HttpResponse<String> response = call(form);

        assertStsError(response, 400, "ValidationError");
        assertThat(XmlBody.of(response.body()).text("Message")).startsWith("2 validation errors detected")
                .contains("'roleArn'").contains("'webIdentityToken'");
    }

    @Test
    void whenActionMissingThenMissingAction() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.remove("Action");

        assertStsError(call(form), 400, "MissingAction");
    }

    @Test
    void whenVersionWrongThenInvalidAction() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("Version", "2010-01-01");

        assertStsError(call(form), 400, "InvalidAction");
    }

    @Test
    void whenPolicyNotJsonThenMalformedPolicyDocument() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("Policy", "{not json");

        assertStsError(call(form), 400, "MalformedPolicyDocument");
    }

    @Test
    void whenPolicyGivenThenPackedPolicySizeReported() {
        Map<String, String> form = assumeRole(AcmeDemo.AWS_ANALYST_ROLE_ARN, aliceToken().sign());
        form.put("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"*\"}]}");

        assertThat(Integer.parseInt(XmlBody.of(call(form).body()).text("PackedPolicySize"))).isBetween(1, 100);
    }

    private static void assertStsError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        XmlBody xml = XmlBody.of(response.body());
        assertThat(xml.rootName()).isEqualTo("ErrorResponse");
        assertThat(xml.rootNamespace()).isEqualTo(XmlBody.STS_NAMESPACE);
        assertThat(xml.text("Type")).isEqualTo("Sender");
        assertThat(xml.text("Code")).isEqualTo(code);
        assertThat(xml.text("Message")).isNotBlank();
        assertThat(xml.text("RequestId")).isNotBlank();
    }
}
