package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.emulators.support.BadToken;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.JsonBody;
import dev.tokenbroker.emulators.support.TestIssuer;
import dev.tokenbroker.emulators.support.TokenBuilder;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tokenbroker.emulators.support.JsonBody.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class DatabricksEmulatorTest {

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final DatabricksEmulator databricks = fixture.server().databricks();

    private TokenBuilder aliceToken() {
        return fixture.token(AcmeDemo.DATABRICKS_AUDIENCE).subject(AcmeDemo.ALICE_EMAIL);
    }

    private static Map<String, String> exchangeForm(String subjectToken) {
        return Wire.tokenExchangeForm(subjectToken, "scope", "all-apis");
    }

    private HttpResponse<String> exchange(Map<String, String> form) {
        return Wire.postForm(databricks.workspaceTokenUri(), form);
    }

    @Test
    void whenUserTokenValidThenAccessTokenActsAsThatUser() {
        HttpResponse<String> response = exchange(exchangeForm(aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("all-apis");
        assertThat(body.get("expires_in").asLong()).isBetween(1L, 300L);
        String accessToken = body.get("access_token").asText();
        assertThat(accessToken).isNotBlank();

        HttpResponse<String> me = Wire.get(databricks.scimMeUri(), accessToken);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(me, "userName")).isEqualTo(AcmeDemo.ALICE_EMAIL);
        assertThat(JsonBody.of(me).get("emails").get(0).get("value").asText()).isEqualTo(AcmeDemo.ALICE_EMAIL);
    }

    @Test
    void whenFederatedTokenLivesLongerThanAnHourThenExpiresInCappedAt3600() {
        String token = aliceToken().window(Duration.ZERO, Duration.ofHours(3)).sign();

        JsonNode body = JsonBody.of(exchange(exchangeForm(token)));

        assertThat(body.get("expires_in").asLong()).isEqualTo(3600L);
    }

    @Test
    void whenAccountEndpointUsedWithSqlScopeThenAccepted() {
        Map<String, String> form = exchangeForm(aliceToken().es256().sign());
        form.put("scope", "sql");

        HttpResponse<String> response = Wire.postForm(databricks.accountTokenUri(), form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(response, "scope")).isEqualTo("sql");
        assertThat(databricks.accountTokenUri().getPath()).endsWith("/oidc/accounts/acme-account/v1/token");
    }

    @Test
    void whenAccountIdUnknownThen404() {
        URI other = databricks.baseUri().resolve("/databricks/oidc/accounts/other-account/v1/token");

        HttpResponse<String> response = Wire.postForm(other, exchangeForm(aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonBody.text(response, "error")).isEqualTo("invalid_request");
    }

    @Test
    void whenGrantTypeMissingThenInvalidRequest() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.remove("grant_type");

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenGrantTypeOtherThenUnsupportedGrantType() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("grant_type", "client_credentials");

        assertOAuthError(exchange(form), 400, "unsupported_grant_type");
    }

    @Test
    void whenSubjectTokenMissingThenInvalidRequest() {
        Map<String, String> form = exchangeForm("x");
        form.remove("subject_token");

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenSubjectTokenTypeIsAccessTokenThenInvalidRequest() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenScopeMissingThenInvalidRequest() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.remove("scope");

        assertOAuthError(exchange(form), 400, "invalid_request");
    }

    @Test
    void whenScopeUnknownThenInvalidScope() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("scope", "all-apis offline_access");

        assertOAuthError(exchange(form), 400, "invalid_scope");
    }

    @Test
    void whenBodyIsJsonThenInvalidRequestAndNothingRecordedAsParameter() {
        HttpResponse<String> response = Wire.postJson(databricks.workspaceTokenUri(), null,
                "{\"subject_token\":\"" + aliceToken().sign() + "\"}");

        assertOAuthError(response, 400, "invalid_request");
        assertThat(databricks.lastReceived().params()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void whenTokenBadThenInvalidClient(BadToken bad) {
        HttpResponse<String> response = exchange(exchangeForm(bad.mint(aliceToken())));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(JsonBody.text(response, "error_description")).startsWith("Invalid credentials");
        assertThat(databricks.lastReceived().accepted()).isFalse();
    }

    @Test
    void whenUserNotProvisionedThenInvalidClientUntilProvisioned() {
        String dave = fixture.token(AcmeDemo.DATABRICKS_AUDIENCE).subject("dave@acme.test").sign();

        assertOAuthError(exchange(exchangeForm(dave)), 401, "invalid_client");

        databricks.reconfigure(c -> c.withProvisionedUser("dave@acme.test"));

        assertThat(exchange(exchangeForm(dave)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenSubjectClaimMissingThenInvalidClient() {
        String noSub = fixture.token(AcmeDemo.DATABRICKS_AUDIENCE).subject(null).sign();

        assertOAuthError(exchange(exchangeForm(noSub)), 401, "invalid_client");
    }

    @Test
    void whenAddressOnlyInEmailClaimThenInvalidClientBecauseSubjectIsTakenFromSub() {
        String emailOnly = fixture.token(AcmeDemo.DATABRICKS_AUDIENCE)
                .subject("8d6f0a52-3c1e-4b7a-9f2d-1e5c7a9b3d40").claim("email", AcmeDemo.ALICE_EMAIL).sign();

        assertOAuthError(exchange(exchangeForm(emailOnly)), 401, "invalid_client");
    }

    @Test
    void whenAudienceReconfiguredThenOldAudienceRejected() {
        databricks.reconfigure(c -> c.withAccountPolicy(
                c.accountPolicy(fixture.issuer().issuer()).orElseThrow().withAudiences(List.of())));

        assertOAuthError(exchange(exchangeForm(aliceToken().sign())), 401, "invalid_client");
        String forAccountId = fixture.token(AcmeDemo.DATABRICKS_ACCOUNT_ID).subject(AcmeDemo.ALICE_EMAIL).sign();
        assertThat(exchange(exchangeForm(forAccountId)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenServicePrincipalPolicyMatchesThenTokenActsAsServicePrincipal() {
        String workload = fixture.token(AcmeDemo.DATABRICKS_AUDIENCE)
                .claim("azp", AcmeDemo.DATABRICKS_SP_SUBJECT).sign();
        Map<String, String> form = exchangeForm(workload);
        form.put("client_id", AcmeDemo.DATABRICKS_SP_APPLICATION_ID);

        HttpResponse<String> response = exchange(form);

        assertThat(response.statusCode()).isEqualTo(200);
        String accessToken = JsonBody.text(response, "access_token");
        assertThat(databricks.issuedToken(accessToken)).hasValueSatisfying(t ->
                assertThat(t.principal()).isEqualTo(new DatabricksPrincipal(AcmeDemo.DATABRICKS_SP_APPLICATION_ID, true)));
        assertThat(JsonBody.text(Wire.get(databricks.scimMeUri(), accessToken), "applicationId"))
                .isEqualTo(AcmeDemo.DATABRICKS_SP_APPLICATION_ID);
    }

    @Test
    void whenServicePrincipalSubjectDiffersThenInvalidClient() {
        String workload = fixture.token(AcmeDemo.DATABRICKS_AUDIENCE).claim("azp", "other-client").sign();
        Map<String, String> form = exchangeForm(workload);
        form.put("client_id", AcmeDemo.DATABRICKS_SP_APPLICATION_ID);

        assertOAuthError(exchange(form), 401, "invalid_client");
    }

    @Test
    void whenClientIdHasNoPolicyThenInvalidClient() {
        Map<String, String> form = exchangeForm(aliceToken().sign());
        form.put("client_id", "unknown-sp");

        assertOAuthError(exchange(form), 401, "invalid_client");
    }

    @Test
    void whenMeCalledWithUnknownTokenThen401() {
        HttpResponse<String> me = Wire.get(databricks.scimMeUri(), "dbxo.forged");

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(JsonBody.text(me, "error_code")).isEqualTo("401");
    }

    @Test
    void whenExchangedThenRequestRecordedWithDecodedClaimsAndRedactedToken() {
        String token = aliceToken().claim("client_id", "acme-agent").sign();

        exchange(exchangeForm(token));

        ReceivedRequest recorded = databricks.lastReceived();
        assertThat(databricks.calls()).isEqualTo(1);
        assertThat(recorded.accepted()).isTrue();
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.params()).containsEntry("subject_token", ReceivedRequest.REDACTED)
                .containsEntry("scope", "all-apis");
        assertThat(recorded.token()).hasValueSatisfying(t -> {
            assertThat(t.subject()).isEqualTo(AcmeDemo.ALICE_EMAIL);
            assertThat(t.keyId()).isEqualTo("rsa-1");
            assertThat(t.claims().getClaim("client_id")).isEqualTo("acme-agent");
        });
        assertThat(recorded.toString()).doesNotContain(token);
    }

    // ---- several account federation policies: the realm and the corporate IdP at once ----------

    private static TestIssuer corporate;

    @BeforeAll
    static void startCorporateIdp() {
        corporate = TestIssuer.start("corporate");
    }

    @AfterAll
    static void stopCorporateIdp() {
        corporate.close();
    }

    /** The demo's corporate policy, pointed at this test's corporate IdP. */
    private void trustCorporate() {
        databricks.reconfigure(c -> c.movingIssuer(AcmeDemo.DEFAULT_CORPORATE_ISSUER, corporate.issuer()));
    }

    private TokenBuilder carolsCorporateIdToken() {
        return corporate.token().audience(AcmeDemo.CORPORATE_BROKER_CLIENT).subject("7c1f2e9a-opaque-id")
                .claim("email", AcmeDemo.CAROL_EMAIL);
    }

    @Test
    void whenTwoIssuersTrustedThenEachTokenIsCheckedByItsOwnPolicy() {
        trustCorporate();

        HttpResponse<String> brokered = exchange(exchangeForm(carolsCorporateIdToken().sign()));
        HttpResponse<String> federated = exchange(exchangeForm(aliceToken().sign()));

        assertThat(brokered.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(Wire.get(databricks.scimMeUri(), JsonBody.text(brokered, "access_token")), "userName"))
                .as("the corporate policy maps the user by email").isEqualTo(AcmeDemo.CAROL_EMAIL);
        assertThat(federated.statusCode()).isEqualTo(200);
        assertThat(corporate.jwksRequests()).as("the corporate token verified with the corporate JWKS").isPositive();
    }

    @Test
    void whenIssuerHasNoPolicyThenInvalidClientNamingIt() {
        trustCorporate();
        databricks.reconfigure(c -> c.withoutAccountPolicy(corporate.issuer()));

        HttpResponse<String> response = exchange(exchangeForm(carolsCorporateIdToken().sign()));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(JsonBody.text(response, "error_description")).startsWith("Invalid credentials: Issuer '"
                + corporate.issuer() + "' is not trusted");
        assertThat(databricks.lastReceived().accepted()).isFalse();
    }

    @Test
    void whenTokenSignedByTheRealmClaimsTheCorporateIssuerThenSignatureRefused() {
        trustCorporate();
        String forged = fixture.token(AcmeDemo.CORPORATE_BROKER_CLIENT).issuer(corporate.issuer())
                .claim("email", AcmeDemo.CAROL_EMAIL).sign();

        HttpResponse<String> response = exchange(exchangeForm(forged));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(JsonBody.text(response, "error_description")).contains("BAD_SIGNATURE");
    }

    @Test
    void whenCorporateTokenCarriesTheRealmAudienceThenRefusedByTheCorporatePolicy() {
        trustCorporate();
        String wrongAudience = corporate.token().audience(AcmeDemo.DATABRICKS_AUDIENCE).claim("email", AcmeDemo.CAROL_EMAIL).sign();

        HttpResponse<String> response = exchange(exchangeForm(wrongAudience));

        assertOAuthError(response, 401, "invalid_client");
        assertThat(JsonBody.text(response, "error_description")).contains("WRONG_AUDIENCE");
    }
}
