package dev.tokenbroker.it.delegation;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/**
 * Every refusal on the wire: HTTP status and the RFC 8693 §2.2.2 / RFC 6749 §5.2 error code, in the
 * order the exchange checks them, and never a 500.
 */
@RealKeycloak
class DelegationRefusalIT {

    private static final String GATEWAY = "mcp-gateway";
    private static final String SECRET = "demo-mcp-gateway-secret";

    // --- request syntax (RFC 8693 §2.1) ---

    @Test
    void missingSubjectTokenIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET)
                .param("subject_token_type", "urn:ietf:params:oauth:token-type:access_token").audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void missingSubjectTokenTypeIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).param("subject_token", acme.aliceViaClaude()).post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void idTokenAsSubjectTokenTypeIsInvalidRequest(Realm acme) {
        JsonNode tokens = acme.login("claude-desktop", "alice", "alice");

        Http.Response response = acme.exchange(GATEWAY, SECRET).param("subject_token", tokens.get("id_token").asText())
                .param("subject_token_type", "urn:ietf:params:oauth:token-type:id_token").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void idTokenPassedOffAsAccessTokenIsInvalidRequest(Realm acme) {
        JsonNode tokens = acme.login("claude-desktop", "alice", "alice");

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(tokens.get("id_token").asText()).post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void refreshTokenPassedOffAsAccessTokenIsInvalidRequest(Realm acme) {
        JsonNode tokens = acme.login("claude-desktop", "alice", "alice");

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(tokens.get("refresh_token").asText()).post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void actorTokenWithoutTypeIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .param("actor_token", acme.clientCredentials("research-agent", "demo-research-agent-secret")).post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void actorTokenTypeWithoutActorTokenIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .param("actor_token_type", "urn:ietf:params:oauth:token-type:access_token").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void unsupportedActorTokenTypeIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .param("actor_token", acme.clientCredentials("research-agent", "demo-research-agent-secret"))
                .param("actor_token_type", "urn:ietf:params:oauth:token-type:saml2").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void refreshTokenAsRequestedTypeIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp")
                .param("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void relativeResourceIsInvalidTarget(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).resource("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_target");
    }

    // --- the requesting client ---

    @Test
    void wrongClientSecretIsRefusedWith401(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, "not-the-secret").subject(acme.aliceViaClaude()).post();

        // Keycloak's client authentication runs before any grant and answers bad credentials with
        // 401 unauthorized_client (RFC 6749 §5.2 says invalid_client); README lists the deviation.
        assertOAuthError(response, 401, "unauthorized_client");
    }

    @Test
    void disabledClientIsInvalidClient(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = tests.exchange("disabled-gateway", "disabled-gateway-secret").subject(aliceAtTests(tests)).post();

        assertThat(response.status()).isIn(400, 401);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void publicClientIsUnauthorizedClient(Realm acme) {
        String aliceToken = acme.aliceViaClaude();

        Http.Response response = acme.exchange("claude-desktop", null).subject(aliceToken)
                .actor(acme.clientCredentials("research-agent", "demo-research-agent-secret")).post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void clientWithoutDelegationSendingActorTokenIsUnauthorizedClient(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = tests.exchange("plain-gateway", "plain-gateway-secret").subject(aliceAtTests(tests))
                .actor(tests.clientCredentials("agent-x", "agent-x-secret")).audience("hop-2").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void delegatedTokenCannotLoseItsActChainThroughAPlainExchange(Realm acme) {
        // plain-gateway uses Keycloak's standard exchange, which would issue a token without act
        Realm tests = acme.other("tokenbroker-tests");
        String delegated = assertIssuedAccessToken(tests.exchange("gateway", "gateway-secret")
                .subject(aliceAtTests(tests)).audience("hop-2").post());

        Http.Response response = tests.exchange("plain-gateway", "plain-gateway-secret").subject(delegated).audience("hop-2").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void actorNotAllowedForTheClientIsUnauthorizedClient(Realm acme) {
        // mcp-gateway may only delegate to the AI clients and research-agent; bob is not among them
        String bobToken = acme.login("claude-desktop", "bob", "bob").get("access_token").asText();

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).actor(bobToken).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    // --- the subject token ---

    @Test
    void garbageSubjectTokenIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject("not-a-jwt").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("well-formed");
    }

    @Test
    void expiredSubjectTokenIsInvalidRequest(Realm acme) throws Exception {
        Realm tests = acme.other("tokenbroker-tests");
        String shortLived = tests.login("short-lived-app", "alice", "alice").get("access_token").asText();
        awaitExpiry(shortLived);

        Http.Response response = tests.exchange("gateway", "gateway-secret").subject(shortLived).audience("hop-2").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("expired");
    }

    @Test
    void tokenOfAnotherRealmIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(aliceAtTests(tests)).audience("analytics-mcp").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("not issued by this realm");
    }

    @Test
    void tokenSignedWithAForeignKeyUnderTheRealmsKidIsInvalidRequest(Realm acme) throws Exception {
        String genuine = acme.aliceViaClaude();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(Jwt.header(genuine).get("kid").asText()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).type(JOSEObjectType.JWT).build(),
                JWTClaimsSet.parse(Jwt.claims(genuine).toString()));
        forged.sign(new RSASSASigner(foreign));

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(forged.serialize()).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void hmacSignedWithThePublicKeyIsInvalidRequest(Realm acme) throws Exception {
        // RS/HS confusion (RFC 8725 §2.1): sign HS256 with the realm's public key bytes as the secret
        String genuine = acme.aliceViaClaude();
        String kid = Jwt.header(genuine).get("kid").asText();
        RSAKey realmKey = (RSAKey) JWKSet.parse(new Http().get(acme.oidc("certs")).body()).getKeyByKeyId(kid);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(),
                JWTClaimsSet.parse(Jwt.claims(genuine).toString()));
        forged.sign(new MACSigner(realmKey.toRSAPublicKey().getEncoded()));

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(forged.serialize()).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void unsignedAlgNoneTokenIsInvalidRequest(Realm acme) {
        ObjectNode claims = (ObjectNode) Jwt.claims(acme.aliceViaClaude());

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(Jwt.unsigned(claims)).audience("analytics-mcp").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("not signed");
    }

    @Test
    void tamperedPayloadIsInvalidRequest(Realm acme) {
        String genuine = acme.aliceViaClaude();
        ObjectNode claims = (ObjectNode) Jwt.claims(genuine);
        claims.put("sub", Jwt.claims(acme.login("claude-desktop", "bob", "bob").get("access_token").asText()).get("sub").asText());

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(Jwt.withClaims(genuine, claims)).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void subjectTokenNotIssuedToOrForTheClientIsInvalidRequest(Realm acme) {
        // alice's Claude token is addressed to mcp-gateway; analytics-mcp may not exchange it
        Http.Response response = acme.exchange("analytics-mcp", "demo-analytics-mcp-secret").subject(acme.aliceViaClaude())
                .audience("warehouse-api").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText())
                .contains("not issued to or for the requesting client");
    }

    @Test
    void disabledUserIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String carolToken = tests.login("app", "carol", "carol").get("access_token").asText();
        ObjectNode carol = tests.admin().user("carol");
        carol.put("enabled", false);
        tests.admin().updateUser(carol);
        try {
            Http.Response response = tests.exchange("gateway", "gateway-secret").subject(carolToken).audience("hop-2").post();

            assertOAuthError(response, 400, "invalid_request");
        } finally {
            carol.put("enabled", true);
            tests.admin().updateUser(carol);
        }
    }

    @Test
    void loggedOutSessionIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String daveToken = tests.login("app", "dave", "dave").get("access_token").asText();
        Http.Response logout = tests.admin().post("/users/" + tests.admin().user("dave").get("id").asText() + "/logout", null);
        assertThat(logout.status()).isEqualTo(204);

        Http.Response response = tests.exchange("gateway", "gateway-secret").subject(daveToken).audience("hop-2").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenIssuedBeforeTheClientsNotBeforeIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String token = tests.login("revocable-app", "frank", "frank").get("access_token").asText();
        ObjectNode app = tests.admin().client("revocable-app");
        app.put("notBefore", Instant.now().getEpochSecond() + 60);
        tests.admin().updateClient(app);
        try {
            Http.Response response = tests.exchange("gateway", "gateway-secret").subject(token).audience("hop-2").post();

            assertOAuthError(response, 400, "invalid_request");
        } finally {
            app.put("notBefore", 0);
            tests.admin().updateClient(app);
        }
    }

    @Test
    void revokedAccessTokenIsInvalidRequest(Realm acme) {
        String aliceToken = acme.aliceViaClaude();
        Http.Response revoke = new Http().postForm(acme.oidc("revoke"),
                Http.form("token", aliceToken, "token_type_hint", "access_token", "client_id", "claude-desktop"));
        assertThat(revoke.status()).isEqualTo(200);

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(aliceToken).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    // --- the actor ---

    @Test
    void invalidActorTokenIsInvalidRequest(Realm acme) {
        String agent = acme.clientCredentials("research-agent", "demo-research-agent-secret");
        ObjectNode claims = (ObjectNode) Jwt.claims(agent);
        claims.put("azp", "claude-desktop");

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .actor(Jwt.withClaims(agent, claims)).audience("analytics-mcp").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).startsWith("actor_token");
    }

    @Test
    void actorTokenOfAnotherRealmIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .actor(tests.clientCredentials("agent-x", "agent-x-secret")).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void subjectActingForHerselfIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = aliceAtTests(tests);

        Http.Response response = tests.exchange("gateway", "gateway-secret").subject(aliceToken).actor(aliceAtTests(tests)).audience("hop-2").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void actorTokenRequiredWhenNoImplicitActorIsConfigured(Realm acme) {
        // agent-gateway has implicit-actor=none: without actor_token its request is a plain standard exchange,
        // so the act claim must be absent, never invented
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = tests.exchange("agent-gateway", "agent-gateway-secret").subject(aliceAtTests(tests)).audience("hop-2").post();

        assertThat(Jwt.claims(assertIssuedAccessToken(response)).has("act")).isFalse();
    }

    @Test
    void chainDeeperThanTheMaximumIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests"); // max-chain-depth 3
        String token = aliceAtTests(tests);
        token = assertIssuedAccessToken(tests.exchange("gateway", "gateway-secret").subject(token).audience("hop-2").post());
        token = assertIssuedAccessToken(tests.exchange("hop-2", "hop-2-secret").subject(token).audience("hop-3").post());
        token = assertIssuedAccessToken(tests.exchange("hop-3", "hop-3-secret").subject(token).audience("hop-4").post());

        Http.Response response = tests.exchange("hop-4", "hop-4-secret").subject(token).audience("sink").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("maximum depth of 3");
    }

    @Test
    void actorAlreadyInTheChainIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String agent = tests.clientCredentials("agent-x", "agent-x-secret");
        String first = assertIssuedAccessToken(tests.exchange("gateway", "gateway-secret")
                .subject(aliceAtTests(tests)).actor(agent).audience("hop-2").post());

        Http.Response response = tests.exchange("hop-2", "hop-2-secret").subject(first).actor(agent).audience("hop-3").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void mayActNamingAnotherPartyIsInvalidRequest(Realm acme) {
        // may-act-app tokens allow only agent-x to act; the implicit actor would be may-act-app itself
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("may-act-app", "alice", "alice").get("access_token").asText();

        Http.Response response = tests.exchange("gateway", "gateway-secret").subject(aliceToken).audience("hop-2").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("may_act");
    }

    @Test
    void missingMayActWhereTheClientRequiresItIsInvalidRequest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");

        Http.Response response = tests.exchange("strict-gateway", "strict-gateway-secret").subject(aliceAtTests(tests))
                .actor(tests.clientCredentials("agent-x", "agent-x-secret")).audience("hop-2").post();

        assertThat(assertOAuthError(response, 400, "invalid_request").get("error_description").asText()).contains("may_act");
    }

    // --- target and scope ---

    @Test
    void unknownAudienceIsInvalidTarget(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("no-such-service").post();

        assertOAuthError(response, 400, "invalid_target");
    }

    @Test
    void audienceTheClientMayNotReachIsInvalidTarget(Realm acme) {
        // research-agent is a client of the realm, but nothing lets mcp-gateway address tokens to it
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("research-agent").post();

        assertOAuthError(response, 400, "invalid_target");
    }

    @Test
    void scopeBeyondTheSubjectTokensIsInvalidScope(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude())
                .audience("analytics-mcp").scope("email phone").post();

        assertOAuthError(response, 400, "invalid_scope");
    }

    @Test
    void withoutAudienceOrResourceAndNoDefaultAudienceIsInvalidTarget(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).post();

        assertOAuthError(response, 400, "invalid_target");
        assertThat(response.json().get("error_description").asText()).contains("tokenbroker.delegation.default-audience");
    }

    @Test
    void oversizedAudienceIsRefusedAndNeverEchoedInFull(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("x".repeat(64 * 1024)).post();

        // Keycloak drops the oversized parameter or our check names it: never the widest token
        assertOAuthError(response, 400, "invalid_target");
        assertThat(response.json().get("error_description").asText().length()).isLessThan(200);
    }

    @Test
    void longUnknownAudienceIsEchoedAsAShortExcerpt(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("y".repeat(2000)).post();

        assertOAuthError(response, 400, "invalid_target");
        assertThat(response.json().get("error_description").asText()).contains("yyy...").hasSizeLessThan(200);
    }

    @Test
    void requestedTokenTypeThatIsNotATokenTypeIsInvalidRequest(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp")
                .param("requested_token_type", "refresh_token").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void refreshTokenFromAnUpstreamIsInvalidRequestNotASilentAccessToken(Realm acme) {
        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("databricks")
                .param("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token").post();

        assertOAuthError(response, 400, "invalid_request");
        assertThat(response.json().get("error_description").asText()).contains("cannot be issued for this upstream");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"typ\":\"JWT\"}", "{\"alg\":null}", "{\"alg\":42}", "{\"alg\":{\"a\":1}}", "[]", "\"RS256\"", "null", "{}"})
    void subjectTokenWithAMalformedHeaderIsInvalidRequestNotAServerError(String header, Realm acme) {
        String[] parts = acme.aliceViaClaude().split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[1] + "." + parts[2];

        Http.Response response = acme.exchange(GATEWAY, SECRET).subject(forged).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void publicClientAskingForADelegationIsUnauthorizedClient(Realm acme) {
        Http.Response response = acme.exchange("claude-desktop", null).subject(acme.aliceViaClaude())
                .actor(acme.clientCredentials("research-agent", "demo-research-agent-secret")).audience("analytics-mcp").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void publicClientAskingForAnUpstreamIsUnauthorizedClient(Realm acme) {
        Http.Response response = acme.exchange("claude-desktop", null).subject(acme.aliceViaClaude()).audience("databricks").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void publicClientPresentingADelegatedTokenIsUnauthorizedClient(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("analytics-mcp").post());

        Http.Response response = acme.exchange("claude-desktop", null).subject(delegated).audience("warehouse-api").post();

        assertOAuthError(response, 400, "unauthorized_client");
    }

    @Test
    void theRecordedErrorIsTheAnswersError(Realm acme) {
        String alice = acme.aliceViaClaude();
        for (String[] request : new String[][] {{"no-such-service", null, "invalid_target"}, {"analytics-mcp", "phone", "invalid_scope"}}) {
            Http.Response response = acme.exchange(GATEWAY, SECRET).subject(alice).audience(request[0]).scope(request[1]).post();
            assertOAuthError(response, 400, request[2]);

            JsonNode recorded = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);
            assertThat(recorded.get("error").asText()).isEqualTo(request[2]);
            assertThat(recorded.path("details").path("reason").asText()).isEqualTo(response.json().get("error_description").asText());
        }
        Http.Response publicClient = acme.exchange("claude-desktop", null).subject(alice).audience("databricks").post();
        assertThat(acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0).get("error").asText())
                .isEqualTo(publicClient.json().get("error").asText()).isEqualTo("unauthorized_client");
    }

    @Test
    void refusalsAreRecordedAsEventsWithAReason(Realm acme) {
        acme.exchange(GATEWAY, SECRET).subject(acme.aliceViaClaude()).audience("no-such-service").post();

        JsonNode refusal = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);

        assertThat(refusal.get("clientId").asText()).isEqualTo(GATEWAY);
        assertThat(refusal.get("error").asText()).isNotBlank();
        assertThat(refusal.path("details").path("reason").asText()).contains("no-such-service");
        assertThat(refusal.path("details").path("act").asText()).isEqualTo("{\"sub\":\"claude-desktop\"}");
        assertThat(refusal.toString()).doesNotContain("eyJ");
    }

    private static String aliceAtTests(Realm tests) {
        return tests.login("app", "alice", "alice").get("access_token").asText();
    }

    /** Waits for a token's exp to pass, polling the clock with a deadline rather than sleeping blindly. */
    private static void awaitExpiry(String token) throws InterruptedException {
        long exp = Jwt.claims(token).get("exp").asLong();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().getEpochSecond() <= exp) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("token did not expire in time");
            }
            Thread.onSpinWait();
            Thread.sleep(100);
        }
    }
}
