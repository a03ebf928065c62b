package dev.tokenbroker.emulators.snowflake;

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

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnowflakeEmulatorTest {

    private static final String WHO_AM_I = "{\"statement\":\"SELECT CURRENT_USER(), CURRENT_ROLE()\",\"timeout\":60}";

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final SnowflakeEmulator snowflake = fixture.server().snowflake();

    /** As the Keycloak extension mints it: the user's address in {@code sub}, the scopes as an {@code scp} array. */
    private TokenBuilder tokenFor(String address, String... scopes) {
        return fixture.token(AcmeDemo.SNOWFLAKE_ACCOUNT_URL).subject(address).claim("scp", List.of(scopes));
    }

    private HttpResponse<String> run(String bearer, String body) {
        return Wire.postJson(snowflake.statementsUri(), bearer, body,
                "X-Snowflake-Authorization-Token-Type", "OAUTH", "Accept", "application/json");
    }

    @Test
    void whenAliceAsksForAnalystThenStatementRunsAsAliceWithAnalyst() {
        HttpResponse<String> response = run(tokenFor(AcmeDemo.ALICE_EMAIL, "openid", "session:role:ANALYST").sign(), WHO_AM_I);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("code").asText()).isEqualTo("090001");
        assertThat(body.get("message").asText()).isEqualTo("Statement executed successfully.");
        assertThat(body.get("sqlState").asText()).isEqualTo("00000");
        String handle = body.get("statementHandle").asText();
        assertThat(body.get("statementStatusUrl").asText()).startsWith("/api/v2/statements/" + handle);
        JsonNode meta = body.get("resultSetMetaData");
        assertThat(meta.get("numRows").asInt()).isEqualTo(1);
        assertThat(meta.get("format").asText()).isEqualTo("jsonv2");
        assertThat(meta.get("rowType").get(0).get("name").asText()).isEqualTo("CURRENT_USER()");
        assertThat(meta.get("rowType").get(1).get("type").asText()).isEqualTo("text");
        assertThat(body.get("data").get(0).get(0).asText()).isEqualTo("ALICE");
        assertThat(body.get("data").get(0).get(1).asText()).isEqualTo("ANALYST");
    }

    @Test
    void whenScpArrayHasLowerCaseRoleThenRoleTakenFromItUpperCased() {
        HttpResponse<String> response = run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:analyst").sign(), WHO_AM_I);

        assertThat(JsonBody.of(response).get("data").get(0).get(1).asText()).isEqualTo("ANALYST");
    }

    @Test
    void whenIntegrationMapsScopeStringThenRoleTakenFromIt() {
        snowflake.reconfigure(c -> c.withScopeMappingAttribute("scope"));
        String token = fixture.token(AcmeDemo.SNOWFLAKE_ACCOUNT_URL)
                .subject(AcmeDemo.ALICE_EMAIL).claim("scope", "openid session:role:analyst").sign();

        HttpResponse<String> response = run(token, WHO_AM_I);

        assertThat(JsonBody.of(response).get("data").get(0).get(1).asText()).isEqualTo("ANALYST");
    }

    @Test
    void whenIntegrationMapsScopeStringThenScpArrayIgnored() {
        snowflake.reconfigure(c -> c.withScopeMappingAttribute("scope"));

        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I),
                401, "390303");
    }

    @Test
    void whenDemoIntegrationGetsOnlyAScopeStringThenInvalidOauthToken() {
        String token = fixture.token(AcmeDemo.SNOWFLAKE_ACCOUNT_URL)
                .subject(AcmeDemo.ALICE_EMAIL).claim("scope", "session:role:ANALYST").sign();

        assertSnowflakeError(run(token, WHO_AM_I), 401, "390303");
    }

    @Test
    void whenTokenTypeHeaderAbsentThenOauthAssumed() {
        HttpResponse<String> response = Wire.postJson(snowflake.statementsUri(),
                tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void whenRoleNotGrantedToUserThen403() {
        HttpResponse<String> response = run(tokenFor(AcmeDemo.BOB_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I);

        assertSnowflakeError(response, 403, "390189");
    }

    @Test
    void whenRoleGrantedButBlockedThen403() {
        snowflake.reconfigure(c -> c.withUser(new SnowflakeUser("ALICE", AcmeDemo.ALICE_EMAIL,
                List.of("ANALYST", "ACCOUNTADMIN"), "ANALYST")));

        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ACCOUNTADMIN").sign(), WHO_AM_I),
                403, "390189");
    }

    @Test
    void whenNoRoleScopeThen403() {
        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "openid", "email").sign(), WHO_AM_I), 403, "390189");
    }

    @Test
    void whenRoleAnyWhileAnyRoleModeDisabledThen403() {
        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role-any").sign(), WHO_AM_I), 403, "390189");
    }

    @Test
    void whenRoleAnyWhileAnyRoleModeEnabledThenDefaultRole() {
        snowflake.reconfigure(c -> c.withAnyRoleMode(AnyRoleMode.ENABLE));

        HttpResponse<String> response = run(tokenFor(AcmeDemo.BOB_EMAIL, "session:role-any").sign(), WHO_AM_I);

        assertThat(JsonBody.of(response).get("data").get(0).get(0).asText()).isEqualTo("BOB");
        assertThat(JsonBody.of(response).get("data").get(0).get(1).asText()).isEqualTo("PUBLIC");
    }

    @Test
    void whenNoUserHasTheAddressInSubThenInvalidOauthToken() {
        assertSnowflakeError(run(tokenFor("carol@acme.test", "session:role:ANALYST").sign(), WHO_AM_I), 401, "390303");
    }

    @Test
    void whenUserMappingClaimMissingThenInvalidOauthToken() {
        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").subject(null).sign(), WHO_AM_I),
                401, "390303");
    }

    @Test
    void whenAddressOnlyInEmailClaimThenInvalidOauthTokenBecauseUserIsMappedFromSub() {
        String token = tokenFor("8d6f0a52-3c1e-4b7a-9f2d-1e5c7a9b3d40", "session:role:ANALYST")
                .claim("email", AcmeDemo.ALICE_EMAIL).sign();

        assertSnowflakeError(run(token, WHO_AM_I), 401, "390303");
    }

    @Test
    void whenScopeClaimMissingThenInvalidOauthToken() {
        String token = fixture.token(AcmeDemo.SNOWFLAKE_ACCOUNT_URL).subject(AcmeDemo.ALICE_EMAIL).sign();

        assertSnowflakeError(run(token, WHO_AM_I), 401, "390303");
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void whenTokenBadThenRejectedWithSnowflakeCode(BadToken bad) {
        HttpResponse<String> response = run(bad.mint(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST")), WHO_AM_I);

        assertSnowflakeError(response, 401, bad == BadToken.EXPIRED ? "390318" : "390303");
    }

    @Test
    void whenEs256ThenRejectedBecauseIntegrationTakesRs256() {
        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").es256().sign(), WHO_AM_I),
                401, "390303");
    }

    @Test
    void whenNoBearerThen401() {
        assertSnowflakeError(run(null, WHO_AM_I), 401, "390303");
    }

    @Test
    void whenTokenTypeKeypairJwtThenJwtInvalid() {
        HttpResponse<String> response = Wire.postJson(snowflake.statementsUri(),
                tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I,
                "X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");

        assertSnowflakeError(response, 401, "390144");
    }

    @Test
    void whenStatementUnsupportedThen422() {
        HttpResponse<String> response = run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(),
                "{\"statement\":\"SELECT * FROM SALES\"}");

        assertSnowflakeError(response, 422, "001003");
        assertThat(JsonBody.text(response, "sqlState")).isEqualTo("42000");
    }

    @Test
    void whenAudienceReconfiguredThenOldAccountUrlRejected() {
        snowflake.reconfigure(c -> c.withAudiences(List.of("https://other.snowflakecomputing.com")));

        assertSnowflakeError(run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I), 401, "390303");
    }

    @Test
    void whenStatementRunThenRecordedWithClaimsAndStatement() {
        run(tokenFor(AcmeDemo.ALICE_EMAIL, "session:role:ANALYST").sign(), WHO_AM_I);

        assertThat(snowflake.lastReceived().accepted()).isTrue();
        assertThat(snowflake.lastReceived().params()).containsEntry("statement", "SELECT CURRENT_USER(), CURRENT_ROLE()");
        assertThat(snowflake.lastReceived().token()).hasValueSatisfying(t ->
                assertThat(t.claims().getClaim("scp")).isEqualTo(List.of("session:role:ANALYST")));
    }

    private static void assertSnowflakeError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JsonBody.of(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }
}
