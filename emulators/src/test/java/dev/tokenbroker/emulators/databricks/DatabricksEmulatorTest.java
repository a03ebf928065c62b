package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.emulators.support.BadToken;
import dev.tokenbroker.emulators.support.Fixture;
import dev.tokenbroker.emulators.support.JsonBody;
import dev.tokenbroker.emulators.support.TokenBuilder;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatabricksEmulatorTest {

    private static Fixture fixture;
    private DatabricksEmulator databricks;

    @BeforeAll
    static void start() {
        fixture = Fixture.start();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void reset() {
        fixture.server.resetAll();
        databricks = fixture.server.databricks();
    }

    private TokenBuilder aliceToken() {
        return fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE).subject(AcmeDemo.ALICE_EMAIL);
    }

    private static Map<String, String> exchangeForm(String subjectToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        form.put("scope", "all-apis");
        return form;
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
        assertThat(JsonBody.of(me).get("userName").asText()).isEqualTo(AcmeDemo.ALICE_EMAIL);
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
        assertThat(JsonBody.of(response).get("scope").asText()).isEqualTo("sql");
        assertThat(databricks.accountTokenUri().getPath()).endsWith("/oidc/accounts/acme-account/v1/token");
    }

    @Test
    void whenAccountIdUnknownThen404() {
        URI other = databricks.baseUri().resolve("/databricks/oidc/accounts/other-account/v1/token");

        HttpResponse<String> response = Wire.postForm(other, exchangeForm(aliceToken().sign()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonBody.of(response).get("error").asText()).isEqualTo("invalid_request");
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
        assertThat(JsonBody.of(response).get("error_description").asText()).startsWith("Invalid credentials");
        assertThat(databricks.lastReceived().accepted()).isFalse();
    }

    @Test
    void whenUserNotProvisionedThenInvalidClientUntilProvisioned() {
        String carol = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE)
                .subject("carol@acme.test").sign();

        assertOAuthError(exchange(exchangeForm(carol)), 401, "invalid_client");

        databricks.reconfigure(c -> c.withProvisionedUser("carol@acme.test"));

        assertThat(exchange(exchangeForm(carol)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenSubjectClaimMissingThenInvalidClient() {
        String noSub = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE).subject(null).sign();

        assertOAuthError(exchange(exchangeForm(noSub)), 401, "invalid_client");
    }

    @Test
    void whenAddressOnlyInEmailClaimThenInvalidClientBecauseSubjectIsTakenFromSub() {
        String emailOnly = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE)
                .subject("8d6f0a52-3c1e-4b7a-9f2d-1e5c7a9b3d40").claim("email", AcmeDemo.ALICE_EMAIL).sign();

        assertOAuthError(exchange(exchangeForm(emailOnly)), 401, "invalid_client");
    }

    @Test
    void whenAudienceReconfiguredThenOldAudienceRejected() {
        databricks.reconfigure(c -> c.withAccountPolicy(c.accountPolicy().withAudiences(List.of())));

        assertOAuthError(exchange(exchangeForm(aliceToken().sign())), 401, "invalid_client");
        String forAccountId = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_ACCOUNT_ID)
                .subject(AcmeDemo.ALICE_EMAIL).sign();
        assertThat(exchange(exchangeForm(forAccountId)).statusCode()).isEqualTo(200);
    }

    @Test
    void whenServicePrincipalPolicyMatchesThenTokenActsAsServicePrincipal() {
        String workload = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE)
                .claim("azp", AcmeDemo.DATABRICKS_SP_SUBJECT).sign();
        Map<String, String> form = exchangeForm(workload);
        form.put("client_id", AcmeDemo.DATABRICKS_SP_APPLICATION_ID);

        HttpResponse<String> response = exchange(form);

        assertThat(response.statusCode()).isEqualTo(200);
        String accessToken = JsonBody.of(response).get("access_token").asText();
        assertThat(databricks.issuedToken(accessToken)).hasValueSatisfying(t ->
                assertThat(t.principal()).isEqualTo(new DatabricksPrincipal(AcmeDemo.DATABRICKS_SP_APPLICATION_ID, true)));
        assertThat(JsonBody.of(Wire.get(databricks.scimMeUri(), accessToken)).get("applicationId").asText())
                .isEqualTo(AcmeDemo.DATABRICKS_SP_APPLICATION_ID);
    }

    @Test
    void whenServicePrincipalSubjectDiffersThenInvalidClient() {
        String workload = fixture.issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE).claim("azp", "other-client").sign();
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
        assertThat(JsonBody.of(me).get("error_code").asText()).isEqualTo("401");
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

    private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isNotBlank();
    }
}
