package dev.tokenbroker.emulators.rfc8693;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.emulators.support.BadToken;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.JsonBody;
import dev.tokenbroker.emulators.support.TestIssuer;
import dev.tokenbroker.emulators.support.TokenBuilder;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.tokenbroker.emulators.support.JsonBody.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerStsEmulatorTest {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final PartnerStsEmulator sts = fixture.server().rfc8693();

    private TokenBuilder aliceToken() {
        return fixture.token(AcmeDemo.PARTNER_SUBJECT_TOKEN_AUDIENCE).subject(AcmeDemo.ALICE_EMAIL);
    }

    /** A client assertion as the Keycloak side mints it: iss = sub = client id, aud = token endpoint, realm key. */
    private TokenBuilder assertion(String clientId) {
        return fixture.token().issuer(clientId).subject(clientId).audience(sts.tokenUri().toString());
    }

    /** What the Keycloak side's rfc8693 provider sends, before client authentication. */
    private static Map<String, String> exchangeForm(String subjectToken) {
        return Wire.tokenExchangeForm(subjectToken, "scope", "read", "audience", AcmeDemo.PARTNER_TARGET_AUDIENCE);
    }

    private static Map<String, String> withAssertion(Map<String, String> form, String clientId, String assertion) {
        form.put("client_id", clientId);
        form.put("client_assertion_type", JWT_BEARER);
        form.put("client_assertion", assertion);
        return form;
    }

    /** RFC 6749 §2.3.1: each part form-url-encoded, then joined with a colon and Base64-encoded. */
    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> exchangeWithSecret(Map<String, String> form) {
        return Wire.postForm(sts.tokenUri(), form, "Authorization",
                basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, AcmeDemo.PARTNER_CLIENT_SECRET));
    }

    private HttpResponse<String> exchange(Map<String, String> form) {
        return Wire.postForm(sts.tokenUri(), form);
    }

    // ---- client authentication: accepted --------------------------------------------------

    @Test
    void whenSecretBasicClientExchangesThenAccessTokenInRfc8693Shape() {
        HttpResponse<String> response = exchangeWithSecret(exchangeForm(aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("issued_token_type").asText()).isEqualTo(Wire.ACCESS_TOKEN_TYPE);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("read");
        assertThat(body.get("expires_in").asLong()).isBetween(1L, 300L);
        String accessToken = body.get("access_token").asText();
        assertThat(sts.issuedToken(accessToken)).hasValueSatisfying(t -> {
            assertThat(t.subject()).isEqualTo(AcmeDemo.ALICE_EMAIL);
            assertThat(t.clientId()).isEqualTo(AcmeDemo.PARTNER_SECRET_CLIENT_ID);
            assertThat(t.authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
            assertThat(t.audiences()).containsExactly(AcmeDemo.PARTNER_TARGET_AUDIENCE);
            assertThat(t.act()).isEmpty();
        });
        assertThat(sts.issuedToken("pst.invented")).isEmpty();
    }

    @Test
    void whenPrivateKeyJwtClientExchangesThenAcceptedAndAssertionRecordedDecoded() {
        String clientAssertion = assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID).sign();
        Map<String, String> form = withAssertion(exchangeForm(aliceToken().sign()), AcmeDemo.PARTNER_JWT_CLIENT_ID,
                clientAssertion);

        HttpResponse<String> response = exchange(form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sts.issuedToken(JsonBody.text(response, "access_token"))).hasValueSatisfying(t -> {
            assertThat(t.clientId()).isEqualTo(AcmeDemo.PARTNER_JWT_CLIENT_ID);
            assertThat(t.authMethod()).isEqualTo(ClientAuthMethod.PRIVATE_KEY_JWT);
        });
        ReceivedRequest recorded = sts.lastReceived();
        assertThat(recorded.params()).containsEntry("client_assertion", ReceivedRequest.REDACTED)
                .containsEntry("subject_token", ReceivedRequest.REDACTED)
                .containsEntry("client_id", AcmeDemo.PARTNER_JWT_CLIENT_ID);
        assertThat(recorded.clientAssertion()).hasValueSatisfying(a -> {
            assertThat(a.issuer()).isEqualTo(AcmeDemo.PARTNER_JWT_CLIENT_ID);
            assertThat(a.claims().getAudience()).containsExactly(sts.tokenUri().toString());
            assertThat(a.keyId()).isEqualTo("rsa-1");
        });
        assertThat(recorded.token()).hasValueSatisfying(t -> assertThat(t.subject()).isEqualTo(AcmeDemo.ALICE_EMAIL));
        assertThat(recorded.toString()).doesNotContain(clientAssertion).doesNotContain(form.get("subject_token"));
    }

    @Test
    void whenAssertionEs256AndNoClientIdThenClientFoundByAssertionSubject() {
        Map<String, String> form = withAssertion(exchangeForm(aliceToken().sign()), AcmeDemo.PARTNER_JWT_CLIENT_ID,
                assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID).es256().sign());
        form.remove("client_id");

        assertThat(exchange(form).statusCode()).isEqualTo(200);
    }

    @Test
    void whenPublicClientSendsOnlyClientIdThenAccepted() {
        sts.reconfigure(c -> c.withClient(PartnerClient.publicClient("acme-public")));
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("client_id", "acme-public");

        HttpResponse<String> response = exchange(form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sts.issuedToken(JsonBody.text(response, "access_token")))
                .hasValueSatisfying(t -> assertThat(t.authMethod()).isEqualTo(ClientAuthMethod.NONE));
    }

    @Test
    void whenClientIdAndSecretHoldReservedCharactersThenBasicPartsAreFormUrlDecoded() {
        String id = "partner client+1";
        String secret = "p@ss:w+rd/é%";
        sts.reconfigure(c -> c.withClient(PartnerClient.secretBasic(id, secret)));

        HttpResponse<String> encoded = Wire.postForm(sts.tokenUri(), exchangeForm(aliceToken().sign()),
                "Authorization", basic(id, secret));
        String raw = "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> unencoded = Wire.postForm(sts.tokenUri(), exchangeForm(aliceToken().sign()),
                "Authorization", raw);

        assertThat(encoded.statusCode()).isEqualTo(200);
        assertOAuthError(unencoded, 401, "invalid_client");
    }

    // ---- client authentication: refused ---------------------------------------------------

    @Test
    void whenSecretWrongThenInvalidClientWithBasicChallenge() {
        HttpResponse<String> response = Wire.postForm(sts.tokenUri(), exchangeForm(aliceToken().sign()),
                "Authorization", basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, "wrong-secret"));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
                assertThat(h).startsWith("Basic realm="));
        assertThat(sts.lastReceived().params()).doesNotContainKey("Authorization");
    }

    @Test
    void whenNoClientAuthenticationThenInvalidClientWithBasicChallenge() {
        HttpResponse<String> response = exchange(exchangeForm(aliceToken().sign()));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void whenConfidentialClientSendsOnlyClientIdThenInvalidClient() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("client_id", AcmeDemo.PARTNER_SECRET_CLIENT_ID);

        assertOAuthError(exchange(form), 401, "invalid_client");
    }

    @Test
    void whenSecretSentInFormThenInvalidClientBecauseOnlyBasicIsRegistered() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("client_id", AcmeDemo.PARTNER_SECRET_CLIENT_ID);
        form.put("client_secret", AcmeDemo.PARTNER_CLIENT_SECRET);

        assertOAuthError(exchange(form), 401, "invalid_client");
        assertThat(sts.lastReceived().params()).containsEntry("client_secret", ReceivedRequest.REDACTED);
    }

    @Test
    void whenClientUsesAnotherMethodThanRegisteredThenInvalidClient() {
        HttpResponse<String> basicForJwtClient = Wire.postForm(sts.tokenUri(), exchangeForm(aliceToken().sign()),
                "Authorization", basic(AcmeDemo.PARTNER_JWT_CLIENT_ID, "anything"));
        HttpResponse<String> assertionForSecretClient = exchange(withAssertion(exchangeForm(aliceToken().sign()),
                AcmeDemo.PARTNER_SECRET_CLIENT_ID, assertion(AcmeDemo.PARTNER_SECRET_CLIENT_ID).sign()));

        assertOAuthError(basicForJwtClient, 401, "invalid_client");
        assertOAuthError(assertionForSecretClient, 401, "invalid_client");
    }

    @Test
    void whenTwoAuthenticationMethodsInOneRequestThenInvalidRequest() {
        Map<String, String> form = withAssertion(exchangeForm(aliceToken().sign()), AcmeDemo.PARTNER_JWT_CLIENT_ID,
                assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID).sign());

        HttpResponse<String> response = Wire.postForm(sts.tokenUri(), form, "Authorization",
                basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, AcmeDemo.PARTNER_CLIENT_SECRET));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void whenUnknownClientThenInvalidClient() {
        HttpResponse<String> response = Wire.postForm(sts.tokenUri(), exchangeForm(aliceToken().sign()),
                "Authorization", basic("stranger", AcmeDemo.PARTNER_CLIENT_SECRET));

        assertOAuthError(response, 401, "invalid_client");
    }

    /** Ways a client assertion can be wrong; each must be refused as invalid_client. */
    enum BadAssertion {
        WRONG_AUDIENCE(b -> b.audience("https://partner.example/sts").sign()),
        AUDIENCE_IS_REALM_NOT_ENDPOINT(b -> b.audience(fixture.issuer().issuer()).sign()),
        EXPIRED(b -> b.window(Duration.ofMinutes(-20), Duration.ofMinutes(10)).sign()),
        FOREIGN_KEY(TokenBuilder::signWithForeignKey),
        UNKNOWN_KID(b -> b.kid("not-in-jwks").sign()),
        UNSIGNED(TokenBuilder::unsigned),
        HS256_KEY_CONFUSION(TokenBuilder::signHs256WithPublicKey),
        ISSUER_NOT_CLIENT(b -> b.issuer("someone-else").sign()),
        SUBJECT_NOT_CLIENT(b -> b.subject("someone-else").sign()),
        NO_JTI(b -> b.claim("jti", null).sign()),
        NO_EXP(b -> b.expiresAt(null).sign()),
        NOT_A_JWT(b -> "not-a-jwt");

        private final Function<TokenBuilder, String> mint;

        BadAssertion(Function<TokenBuilder, String> mint) {
            this.mint = mint;
        }
    }

    @ParameterizedTest
    @EnumSource(BadAssertion.class)
    void whenClientAssertionBadThenInvalidClientWithoutBasicChallenge(BadAssertion bad) {
        String clientAssertion = bad.mint.apply(assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID));
        Map<String, String> form = withAssertion(exchangeForm(aliceToken().sign()), AcmeDemo.PARTNER_JWT_CLIENT_ID,
                clientAssertion);

        HttpResponse<String> response = exchange(form);

        assertOAuthError(response, 401, "invalid_client");
        assertThat(JsonBody.text(response, "error_description")).startsWith("Invalid client_assertion");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(sts.lastReceived().accepted()).isFalse();
    }

    @Test
    void whenClientAssertionReplayedThenInvalidClient() {
        String clientAssertion = assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID).sign();

        HttpResponse<String> first = exchange(withAssertion(exchangeForm(aliceToken().sign()),
                AcmeDemo.PARTNER_JWT_CLIENT_ID, clientAssertion));
        HttpResponse<String> replay = exchange(withAssertion(exchangeForm(aliceToken().sign()),
                AcmeDemo.PARTNER_JWT_CLIENT_ID, clientAssertion));

        assertThat(first.statusCode()).isEqualTo(200);
        assertOAuthError(replay, 401, "invalid_client");
        assertThat(JsonBody.text(replay, "error_description")).contains("jti");
    }

    @Test
    void whenAssertionTypeOtherThenInvalidClient() {
        Map<String, String> form = withAssertion(exchangeForm(aliceToken().sign()), AcmeDemo.PARTNER_JWT_CLIENT_ID,
                assertion(AcmeDemo.PARTNER_JWT_CLIENT_ID).sign());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

        assertOAuthError(exchange(form), 401, "invalid_client");
    }

    // ---- request syntax ---------------------------------------------------------------------

    @Test
    void whenGrantTypeOtherThenUnsupportedGrantType() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("grant_type", "client_credentials");

        assertOAuthError(exchangeWithSecret(form), 400, "unsupported_grant_type");
    }

    @Test
    void whenSubjectTokenMissingThenInvalidRequest() {
        Map<String, String> form = exchangeForm("x");
        form.remove("subject_token");

        assertOAuthError(exchangeWithSecret(form), 400, "invalid_request");
    }

    @Test
    void whenSubjectTokenTypeIsSaml2ThenInvalidRequest() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:saml2");

        assertOAuthError(exchangeWithSecret(form), 400, "invalid_request");
    }

    @Test
    void whenSubjectTokenTypeIsAccessTokenAndTokenAJwtThenAccepted() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("subject_token_type", Wire.ACCESS_TOKEN_TYPE);
        form.put("requested_token_type", Wire.ACCESS_TOKEN_TYPE);

        assertThat(exchangeWithSecret(form).statusCode()).isEqualTo(200);
    }

    @Test
    void whenRequestedTokenTypeIsJwtThenInvalidRequest() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("requested_token_type", Wire.JWT_TOKEN_TYPE);

        assertOAuthError(exchangeWithSecret(form), 400, "invalid_request");
    }

    @Test
    void whenBodyIsJsonThenInvalidRequestAndNothingRecordedAsParameter() {
        HttpResponse<String> response = Wire.postJson(sts.tokenUri(), null,
                "{\"subject_token\":\"" + aliceToken().sign() + "\"}");

        assertOAuthError(response, 400, "invalid_request");
        assertThat(sts.lastReceived().params()).isEmpty();
    }

    @Test
    void whenGetThen405AllowingPost() {
        HttpResponse<String> response = Wire.get(sts.tokenUri(), null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    // ---- subject and actor tokens -----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void whenSubjectTokenBadThenInvalidRequest(BadToken bad) {
        HttpResponse<String> response = exchangeWithSecret(exchangeForm(bad.mint(aliceToken())));

        assertOAuthError(response, 400, "invalid_request");
        assertThat(JsonBody.text(response, "error_description")).startsWith("Invalid subject_token");
    }

    @Test
    void whenSubjectTokenHasNoSubThenInvalidRequest() {
        String noSub = fixture.token(AcmeDemo.PARTNER_SUBJECT_TOKEN_AUDIENCE).subject(null).sign();

        assertOAuthError(exchangeWithSecret(exchangeForm(noSub)), 400, "invalid_request");
    }

    @Test
    void whenSubjectTokenOutlivesTenMinutesThenExpiresInCappedAt600() {
        String token = aliceToken().window(Duration.ZERO, Duration.ofHours(1)).sign();

        JsonNode body = JsonBody.of(exchangeWithSecret(exchangeForm(token)));

        assertThat(body.get("expires_in").asLong()).isEqualTo(600L);
    }

    @Test
    void whenSubjectTokenHasActThenIssuedTokenKeepsIt() {
        String token = aliceToken().claim("act", Map.of("sub", "agent-7")).sign();

        String accessToken = JsonBody.text(exchangeWithSecret(exchangeForm(token)), "access_token");

        assertThat(sts.issuedToken(accessToken).orElseThrow().act()).hasValue(Map.of("sub", "agent-7"));
    }

    @Test
    void whenActorTokenSentThenActorIsCurrentActAndPriorActNested() {
        Map<String, String> form = exchangeForm(aliceToken().claim("act", Map.of("sub", "agent-7")).sign());
        form.put("actor_token", fixture.token(AcmeDemo.PARTNER_SUBJECT_TOKEN_AUDIENCE).subject("orchestrator").sign());
        form.put("actor_token_type", Wire.JWT_TOKEN_TYPE);

        HttpResponse<String> response = exchangeWithSecret(form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sts.issuedToken(JsonBody.text(response, "access_token")).orElseThrow().act())
                .hasValue(Map.of("sub", "orchestrator", "act", Map.of("sub", "agent-7")));
        assertThat(sts.lastReceived().params()).containsEntry("actor_token", ReceivedRequest.REDACTED);
    }

    @Test
    void whenActorTokenWithoutTypeOrInvalidThenInvalidRequest() {
        Map<String, String> noType = exchangeForm(aliceToken().sign());
        noType.put("actor_token", aliceToken().sign());
        Map<String, String> wrongAudience = exchangeForm(aliceToken().sign());
        wrongAudience.put("actor_token", fixture.token("https://elsewhere.example").sign());
        wrongAudience.put("actor_token_type", Wire.JWT_TOKEN_TYPE);

        assertOAuthError(exchangeWithSecret(noType), 400, "invalid_request");
        HttpResponse<String> invalid = exchangeWithSecret(wrongAudience);
        assertOAuthError(invalid, 400, "invalid_request");
        assertThat(JsonBody.text(invalid, "error_description")).startsWith("Invalid actor_token");
    }

    @Test
    void whenIssuerUnreachableThenTemporarilyUnavailable() {
        fixture.server().issuerTrusts().forgetAll();
        fixture.issuer().available(false);
        try {
            HttpResponse<String> response = exchangeWithSecret(exchangeForm(aliceToken().sign()));

            assertOAuthError(response, 503, "temporarily_unavailable");
        } finally {
            fixture.issuer().available(true);
        }
        assertThat(exchangeWithSecret(exchangeForm(aliceToken().sign())).statusCode()).isEqualTo(200);
    }

    // ---- target and scope ---------------------------------------------------------------------

    @Test
    void whenAudienceParameterWrongThenInvalidTarget() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("audience", "other-api");

        assertOAuthError(exchangeWithSecret(form), 400, "invalid_target");
    }

    @Test
    void whenAudienceParameterMissingThenInvalidTarget() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.remove("audience");

        assertOAuthError(exchangeWithSecret(form), 400, "invalid_target");
    }

    @Test
    void whenAudienceRepeatedThenEveryValueMustBeAcceptable() {
        String token = aliceToken().sign();
        String both = Wire.encode(exchangeForm(token)) + "&audience=other-api";
        String twice = Wire.encode(exchangeForm(aliceToken().sign())) + "&audience=" + AcmeDemo.PARTNER_TARGET_AUDIENCE;
        String auth = basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, AcmeDemo.PARTNER_CLIENT_SECRET);

        assertOAuthError(Wire.postFormBody(sts.tokenUri(), both, "Authorization", auth), 400, "invalid_target");
        assertThat(Wire.postFormBody(sts.tokenUri(), twice, "Authorization", auth).statusCode()).isEqualTo(200);
    }

    @Test
    void whenOtherParameterRepeatedThenInvalidRequest() {
        String body = Wire.encode(exchangeForm(aliceToken().sign())) + "&scope=write";

        assertOAuthError(Wire.postFormBody(sts.tokenUri(), body, "Authorization",
                basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, AcmeDemo.PARTNER_CLIENT_SECRET)), 400, "invalid_request");
    }

    @Test
    void whenResourceNotAnAbsoluteUriThenInvalidTargetElseRecordedOnTheToken() {
        Map<String, String> relative = exchangeForm(aliceToken().sign());
        relative.put("resource", "/api/orders");
        Map<String, String> absolute = exchangeForm(aliceToken().sign());
        absolute.put("resource", "https://api.partner.example/orders");

        assertOAuthError(exchangeWithSecret(relative), 400, "invalid_target");
        HttpResponse<String> accepted = exchangeWithSecret(absolute);
        assertThat(sts.issuedToken(JsonBody.text(accepted, "access_token")).orElseThrow().resources())
                .containsExactly("https://api.partner.example/orders");
    }

    @Test
    void whenScopeNotAllowedThenInvalidScope() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("scope", "read admin");

        HttpResponse<String> response = exchangeWithSecret(form);

        assertOAuthError(response, 400, "invalid_scope");
        assertThat(JsonBody.text(response, "error_description")).contains("admin").doesNotContain("read");
    }

    @Test
    void whenScopeOmittedThenEveryAllowedScopeGranted() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.remove("scope");

        assertThat(JsonBody.text(exchangeWithSecret(form), "scope")).isEqualTo("read write");
    }

    @Test
    void whenTargetAudiencesReconfiguredEmptyThenAudienceOptionalUntilReset() {
        sts.reconfigure(c -> c.withTargetAudiences(List.of()));
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.remove("audience");

        assertThat(exchangeWithSecret(form).statusCode()).isEqualTo(200);
        sts.reset();
        Map<String, String> again = exchangeForm(aliceToken().sign());
        again.remove("audience");
        assertOAuthError(exchangeWithSecret(again), 400, "invalid_target");
    }

    // ---- faults -------------------------------------------------------------------------------

    @Test
    void whenStatusFaultInjectedThenFaultyAnswerThenHonestOne() {
        sts.faults().next(1, Fault.respond(503, "text/html", "<html>down</html>"));

        HttpResponse<String> faulty = exchangeWithSecret(exchangeForm(aliceToken().sign()));
        HttpResponse<String> honest = exchangeWithSecret(exchangeForm(aliceToken().sign()));

        assertThat(faulty.statusCode()).isEqualTo(503);
        assertThat(faulty.body()).isEqualTo("<html>down</html>");
        assertThat(honest.statusCode()).isEqualTo(200);
        assertThat(sts.calls()).isEqualTo(2);
        assertThat(sts.received()).extracting(r -> r.outcome().error()).containsExactly("fault:status-503", null);
    }

    @Test
    void whenMalformedInjectedThenUnparseableJson() {
        sts.faults().next(1, Fault.malformedBody());

        HttpResponse<String> response = exchangeWithSecret(exchangeForm(aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JsonBody.of(response)).isInstanceOf(AssertionError.class);
    }

    @Test
    void whenCloseInjectedThenConnectionDroppedWithoutAnswer() {
        sts.faults().next(1, Fault.closeConnection());
        HttpRequest request = Wire.formRequest(sts.tokenUri(), exchangeForm(aliceToken().sign()), Duration.ofSeconds(5),
                "Authorization", basic(AcmeDemo.PARTNER_SECRET_CLIENT_ID, AcmeDemo.PARTNER_CLIENT_SECRET));

        assertThatThrownBy(() -> Wire.sendRaw(request)).isInstanceOf(IOException.class);

        assertThat(sts.lastReceived().status()).isZero();
        assertThat(sts.lastReceived().error()).isEqualTo("fault:close");
    }

    // ---- a second trusted issuer: the corporate IdP, for brokered exchange ------------------

    @Test
    void whenCorporateIdTokenOfATrustedIssuerThenIssuedForItsSubject() {
        try (TestIssuer corporate = TestIssuer.start("corporate")) {
            sts.reconfigure(c -> c.movingIssuer(AcmeDemo.DEFAULT_CORPORATE_ISSUER, corporate.issuer()));
            Map<String, String> form = exchangeForm(corporate.token().audience(AcmeDemo.CORPORATE_BROKER_CLIENT)
                    .subject("carol-opaque-id").sign());
            form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");

            HttpResponse<String> response = exchangeWithSecret(form);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(sts.issuedToken(JsonBody.text(response, "access_token")))
                    .hasValueSatisfying(t -> assertThat(t.subject()).isEqualTo("carol-opaque-id"));
        }
    }

    @Test
    void whenIssuerNotTrustedOrTokenForTheRealmsAudienceThenInvalidRequest() {
        try (TestIssuer corporate = TestIssuer.start("corporate")) {
            String untrusted = corporate.token().audience(AcmeDemo.CORPORATE_BROKER_CLIENT).subject("carol").sign();

            HttpResponse<String> refused = exchangeWithSecret(exchangeForm(untrusted));

            assertOAuthError(refused, 400, "invalid_request");
            assertThat(JsonBody.text(refused, "error_description")).contains("is not trusted").contains("WRONG_ISSUER");

            sts.reconfigure(c -> c.movingIssuer(AcmeDemo.DEFAULT_CORPORATE_ISSUER, corporate.issuer()));
            String realmAudience = corporate.token().audience(AcmeDemo.PARTNER_SUBJECT_TOKEN_AUDIENCE).subject("carol").sign();
            assertThat(JsonBody.text(exchangeWithSecret(exchangeForm(realmAudience)), "error_description"))
                    .contains("WRONG_AUDIENCE");
        }
    }
}
