package dev.tokenbroker.emulators.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.support.BadToken;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.JsonBody;
import dev.tokenbroker.emulators.support.TokenBuilder;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tokenbroker.emulators.support.JsonBody.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GcpStsEmulatorTest {

    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final GcpStsEmulator gcp = fixture.server().gcpSts();

    private TokenBuilder tokenFor(String email) {
        return fixture.token(AcmeDemo.GCP_AUDIENCE).subject(email);
    }

    private static Map<String, String> exchangeForm(String subjectToken) {
        return Wire.tokenExchangeForm(subjectToken, "audience", AcmeDemo.GCP_PROVIDER_NAME, "scope", CLOUD_PLATFORM,
                "requested_token_type", Wire.ACCESS_TOKEN_TYPE);
    }

    private HttpResponse<String> exchange(Map<String, String> form) {
        return Wire.postForm(gcp.tokenUri(), form);
    }

    private String federatedTokenFor(String email) {
        HttpResponse<String> response = exchange(exchangeForm(tokenFor(email).sign()));
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonBody.text(response, "access_token");
    }

    private HttpResponse<String> generateAccessToken(String federatedToken, String serviceAccount, String body) {
        return Wire.postJson(gcp.generateAccessTokenUri(serviceAccount), federatedToken, body);
    }

    @Test
    void whenTokenValidThenFederatedTokenInGoogleShape() {
        HttpResponse<String> response = exchange(exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3599L);
        assertThat(gcp.federatedToken(body.get("access_token").asText())).hasValueSatisfying(t ->
                assertThat(t.principal()).isEqualTo(AcmeDemo.GCP_ALICE_PRINCIPAL));
    }

    @Test
    void whenAudienceIsBareProviderNameAndTokenTypeIdTokenThenAccepted() {
        Map<String, String> form = exchangeForm(fixture.token(AcmeDemo.GCP_PROVIDER_NAME)
                .subject(AcmeDemo.ALICE_EMAIL).es256().sign());
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");

        assertThat(exchange(form).statusCode()).isEqualTo(200);
    }

    @Test
    void whenImpersonationAllowedThenServiceAccountTokenForThatPrincipal() {
        String federated = federatedTokenFor(AcmeDemo.ALICE_EMAIL);

        HttpResponse<String> response = generateAccessToken(federated, AcmeDemo.GCP_SERVICE_ACCOUNT,
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"],\"lifetime\":\"1800s\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonBody.of(response);
        assertThat(Instant.parse(body.get("expireTime").asText()))
                .isCloseTo(Instant.now().plusSeconds(1800), within(Duration.ofSeconds(30)));
        assertThat(gcp.serviceAccountToken(body.get("accessToken").asText())).hasValueSatisfying(t -> {
            assertThat(t.serviceAccount()).isEqualTo(AcmeDemo.GCP_SERVICE_ACCOUNT);
            assertThat(t.principal()).isEqualTo(AcmeDemo.GCP_ALICE_PRINCIPAL);
            assertThat(t.scopes()).containsExactly(CLOUD_PLATFORM);
        });
    }

    @Test
    void whenPrincipalNotAllowedToImpersonateThenPermissionDenied() {
        String federated = federatedTokenFor(AcmeDemo.BOB_EMAIL);

        HttpResponse<String> response = generateAccessToken(federated, AcmeDemo.GCP_SERVICE_ACCOUNT,
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"]}");

        assertGoogleError(response, 403, "PERMISSION_DENIED");
    }

    @Test
    void whenServiceAccountUnknownThenPermissionDenied() {
        String federated = federatedTokenFor(AcmeDemo.ALICE_EMAIL);

        assertGoogleError(generateAccessToken(federated, "nobody@acme-data.iam.gserviceaccount.com",
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"]}"), 403, "PERMISSION_DENIED");
    }

    @Test
    void whenPoolWideMemberGrantedThenAnySubjectOfPoolMayImpersonate() {
        gcp.reconfigure(c -> c.withServiceAccount(c.serviceAccount(AcmeDemo.GCP_SERVICE_ACCOUNT).orElseThrow()
                .withImpersonator(c.provider(AcmeDemo.GCP_PROVIDER_NAME).orElseThrow().principalSetAll())));
        String federated = federatedTokenFor(AcmeDemo.BOB_EMAIL);

        assertThat(generateAccessToken(federated, AcmeDemo.GCP_SERVICE_ACCOUNT,
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"]}").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"scope\":[\"s\"],\"lifetime\":\"3601s\"}", "{\"scope\":[\"s\"],\"lifetime\":\"1h\"}",
            "{\"scope\":[]}", "{\"lifetime\":\"60s\"}", "not json"})
    void whenGenerateAccessTokenBodyInvalidThenInvalidArgument(String body) {
        String federated = federatedTokenFor(AcmeDemo.ALICE_EMAIL);

        assertGoogleError(generateAccessToken(federated, AcmeDemo.GCP_SERVICE_ACCOUNT, body), 400, "INVALID_ARGUMENT");
    }

    @Test
    void whenBearerIsNotAFederatedTokenThenUnauthenticated() {
        assertGoogleError(generateAccessToken("ya29.forged", AcmeDemo.GCP_SERVICE_ACCOUNT,
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"]}"), 401, "UNAUTHENTICATED");
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void whenTokenBadThenInvalidGrant(BadToken bad) {
        HttpResponse<String> response = exchange(exchangeForm(bad.mint(tokenFor(AcmeDemo.ALICE_EMAIL))));

        assertOAuthError(response, 400, "invalid_grant");
    }

    @Test
    void whenLifetimeIs48HoursThenInvalidGrant() {
        String token = tokenFor(AcmeDemo.ALICE_EMAIL).window(Duration.ofMinutes(-1), Duration.ofHours(48)).sign();

        HttpResponse<String> response = exchange(exchangeForm(token));

        assertOAuthError(response, 400, "invalid_grant");
        assertThat(JsonBody.text(response, "error_description")).contains("48 hours");
    }

    @Test
    void whenLifetimeJustUnder48HoursThenAccepted() {
        String token = tokenFor(AcmeDemo.ALICE_EMAIL).window(Duration.ofMinutes(-1), Duration.ofHours(47)).sign();

        assertThat(exchange(exchangeForm(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenMappedSubjectClaimMissingThenInvalidGrant() {
        assertOAuthError(exchange(exchangeForm(fixture.token(AcmeDemo.GCP_AUDIENCE).subject(null).sign())), 400,
                "invalid_grant");
    }

    @Test
    void whenAddressOnlyInEmailClaimThenPrincipalIsTheSubNotTheAddress() {
        String token = fixture.token(AcmeDemo.GCP_AUDIENCE)
                .subject("8d6f0a52-3c1e-4b7a-9f2d-1e5c7a9b3d40").claim("email", AcmeDemo.ALICE_EMAIL).sign();

        HttpResponse<String> response = exchange(exchangeForm(token));

        assertThat(response.statusCode()).isEqualTo(200);
        String federated = JsonBody.text(response, "access_token");
        assertThat(gcp.federatedToken(federated)).hasValueSatisfying(t -> assertThat(t.principal()).isEqualTo(
                AcmeDemo.GCP_ALICE_PRINCIPAL.replace(AcmeDemo.ALICE_EMAIL, "8d6f0a52-3c1e-4b7a-9f2d-1e5c7a9b3d40")));
        assertGoogleError(generateAccessToken(federated, AcmeDemo.GCP_SERVICE_ACCOUNT,
                "{\"scope\":[\"" + CLOUD_PLATFORM + "\"]}"), 403, "PERMISSION_DENIED");
    }

    @Test
    void whenAttributeConditionFalseThenUnauthorizedClient() {
        gcp.reconfigure(c -> c.withProvider(c.provider(AcmeDemo.GCP_PROVIDER_NAME).orElseThrow()
                .withCondition(new AttributeCondition("groups", "data-analysts"))));

        assertOAuthError(exchange(exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign())), 400, "unauthorized_client");
        String member = tokenFor(AcmeDemo.ALICE_EMAIL).claim("groups", List.of("data-analysts")).sign();
        assertThat(exchange(exchangeForm(member)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenProviderUnknownThenInvalidTarget() {
        Map<String, String> form = exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign());
        form.put("audience", AcmeDemo.GCP_PROVIDER_NAME.replace("keycloak", "other"));

        assertOAuthError(exchange(form), 400, "invalid_target");
    }

    private Map<String, String> workforceForm(String idToken) {
        gcp.reconfigure(c -> c.movingIssuer(AcmeDemo.DEFAULT_CORPORATE_ISSUER, fixture.issuer().issuer()));
        return Wire.tokenExchangeForm(idToken, "audience", AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME, "scope", CLOUD_PLATFORM,
                "requested_token_type", Wire.ACCESS_TOKEN_TYPE, "subject_token_type", "urn:ietf:params:oauth:token-type:id_token",
                "options", "{\"userProject\":\"" + AcmeDemo.GCP_WORKFORCE_USER_PROJECT + "\"}");
    }

    private TokenBuilder corporateIdToken() {
        return fixture.token(AcmeDemo.CORPORATE_BROKER_CLIENT).subject("opaque-id").claim("email", AcmeDemo.CAROL_EMAIL);
    }

    @Test
    void whenWorkforceIdTokenForTheProvidersClientIdThenWorkforcePrincipalBilledToTheUserProject() {
        HttpResponse<String> response = exchange(workforceForm(corporateIdToken().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(gcp.federatedToken(JsonBody.text(response, "access_token"))).hasValueSatisfying(t -> {
            assertThat(t.principal()).isEqualTo(
                    "principal://iam.googleapis.com/locations/global/workforcePools/acme-staff/subject/carol@acme.test");
            assertThat(t.userProject()).isEqualTo(AcmeDemo.GCP_WORKFORCE_USER_PROJECT);
        });
    }

    @Test
    void whenWorkforceExchangeHasNoUserProjectThenInvalidRequest() {
        Map<String, String> form = workforceForm(corporateIdToken().sign());
        form.put("options", "{}");

        HttpResponse<String> response = exchange(form);

        assertOAuthError(response, 400, "invalid_request");
        assertThat(JsonBody.text(response, "error_description")).contains("userProject");
        form.remove("options");
        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"userProject\": 7}", "{\"userProject\": \"a-project-id-far-longer-than-thirty-two\"}"})
    void whenOptionsMalformedThenInvalidRequest(String options) {
        Map<String, String> form = workforceForm(corporateIdToken().sign());
        form.put("options", options);

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenWorkforceTokenAudienceIsNotTheProvidersClientIdThenInvalidGrant() {
        // GCP: for workforce pools aud must match the provider's client id; the provider name is not accepted
        HttpResponse<String> response = exchange(workforceForm(corporateIdToken()
                .audience(AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME).sign()));

        assertOAuthError(response, 400, "invalid_grant");
        assertThat(JsonBody.text(response, "error_description")).startsWith("The audience in ID Token does not match");
    }

    @Test
    void whenWorkforceProviderWithoutClientIdThenConfigurationRefused() {
        assertThatThrownBy(() -> new WorkloadIdentityProvider(AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME, fixture.issuer().issuer(),
                List.of(), "sub", null)).hasMessageContaining("OIDC client id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grant_type", "audience", "requested_token_type", "subject_token_type", "subject_token"})
    void whenRequiredParameterMissingThenInvalidRequest(String parameter) {
        Map<String, String> form = exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign());
        form.remove(parameter);

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenAudienceNotAProviderNameThenInvalidRequest() {
        Map<String, String> form = exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign());
        form.put("audience", "https://example.com");

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenGrantTypeOtherThenUnsupportedGrantType() {
        Map<String, String> form = exchangeForm(tokenFor(AcmeDemo.ALICE_EMAIL).sign());
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");

        assertOAuthError(exchange(form), 400, "unsupported_grant_type");
    }

    private static void assertGoogleError(HttpResponse<String> response, int code, String status) {
        assertThat(response.statusCode()).isEqualTo(code);
        JsonNode error = JsonBody.of(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asText()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
