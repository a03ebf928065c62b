package dev.tokenbroker.it.delegation;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static dev.tokenbroker.it.support.OAuthAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.RealmKeys;

/** Delegation exchanges that succeed, checked on the wire and in the decoded token. */
@RealKeycloak
class DelegationIT {

    private static final String GATEWAY = "mcp-gateway";
    private static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";

    @Test
    void gatewayExchangeRecordsTheAiClientAsActor(Realm acme) throws Exception {
        String aliceToken = acme.aliceViaClaude();
        JsonNode alice = Jwt.claims(aliceToken);

        Http.Response response = acme.exchange(GATEWAY, GATEWAY_SECRET).subject(aliceToken).audience("analytics-mcp").post();

        String delegated = assertIssuedAccessToken(response);
        JsonNode claims = Jwt.claims(delegated);
        assertThat(claims.get("sub").asText()).isEqualTo(alice.get("sub").asText());
        assertThat(claims.get("act").toString()).isEqualTo("{\"sub\":\"claude-desktop\"}");
        assertThat(claims.get("client_id").asText()).isEqualTo(GATEWAY);
        assertThat(claims.get("azp").asText()).isEqualTo(GATEWAY);
        assertThat(texts(claims.get("aud"))).containsExactly("analytics-mcp");
        assertThat(claims.get("iss").asText()).isEqualTo(acme.issuer().toString());
        assertThat(RealmKeys.signedByRealmKey(acme, delegated)).isTrue();
    }

    @Test
    void lifetimeIsCappedByTheRealmSettingNotTheRealmTokenLifespan(Realm acme) {
        // acme issues 15-minute access tokens; delegated ones are capped at 300 s
        String aliceToken = acme.aliceViaClaude();

        Http.Response response = acme.exchange(GATEWAY, GATEWAY_SECRET).subject(aliceToken).audience("analytics-mcp").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(300);
        assertThat(response.json().get("expires_in").asInt()).isLessThanOrEqualTo(300);
        assertThat(Jwt.claims(aliceToken).get("exp").asLong() - Jwt.claims(aliceToken).get("iat").asLong()).isEqualTo(900);
    }

    @Test
    void perClientLifetimeCapWins(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();

        Http.Response response = tests.exchange("gateway", "gateway-secret").subject(aliceToken).audience("hop-2").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(60);
        assertThat(claims.get("exp").asLong()).isLessThanOrEqualTo(Jwt.claims(aliceToken).get("exp").asLong());
    }

    @Test
    void explicitAgentActorTokenNamesTheAgentByClientId(Realm acme) {
        String aliceToken = acme.aliceViaClaude();
        String agentToken = acme.clientCredentials("research-agent", "demo-research-agent-secret");

        Http.Response response = acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(aliceToken).actor(agentToken).audience("analytics-mcp").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("act").toString()).isEqualTo("{\"sub\":\"research-agent\"}");
        assertThat(claims.get("sub").asText()).isEqualTo(Jwt.claims(aliceToken).get("sub").asText());
    }

    @Test
    void humanActorIsNamedByHerSubject(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();
        String erinToken = tests.login("app", "erin", "erin").get("access_token").asText();

        Http.Response response = tests.exchange("gateway", "gateway-secret")
                .subject(aliceToken).actor(erinToken).audience("hop-2").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("act").get("sub").asText()).isEqualTo(Jwt.claims(erinToken).get("sub").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(Jwt.claims(aliceToken).get("sub").asText());
    }

    @Test
    void threeHopChainNestsLeastRecentActorDeepest(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();

        String hop3 = hop(tests, "hop-3", throughGatewayAndHop2(tests, aliceToken), "hop-4");

        JsonNode claims = Jwt.claims(hop3);
        assertThat(claims.get("act").toString())
                .isEqualTo("{\"sub\":\"hop-2\",\"act\":{\"sub\":\"gateway\",\"act\":{\"sub\":\"app\"}}}");
        assertThat(claims.get("sub").asText()).isEqualTo(Jwt.claims(aliceToken).get("sub").asText());
        assertThat(claims.get("client_id").asText()).isEqualTo("hop-3");
        assertThat(texts(claims.get("aud"))).containsExactly("hop-4");
    }

    @Test
    void mayActNamingTheActorAllowsTheExchange(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("may-act-app", "alice", "alice").get("access_token").asText();
        assertThat(Jwt.claims(aliceToken).get("may_act").toString()).isEqualTo("{\"sub\":\"agent-x\"}");
        String agentToken = tests.clientCredentials("agent-x", "agent-x-secret");

        Http.Response response = tests.exchange("strict-gateway", "strict-gateway-secret")
                .subject(aliceToken).actor(agentToken).audience("hop-2").post();

        assertThat(Jwt.claims(assertIssuedAccessToken(response)).get("act").toString()).isEqualTo("{\"sub\":\"agent-x\"}");
    }

    @Test
    void scopeCanBeNarrowedAndClaimsOfDroppedScopesGo(Realm acme) {
        String aliceToken = acme.aliceViaClaude();
        assertThat(texts(Jwt.claims(aliceToken).get("scope")).get(0).split(" ")).contains("profile", "email");

        Http.Response response = acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(aliceToken).audience("analytics-mcp").scope("email").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.get("scope").asText().split(" ")).contains("email").doesNotContain("profile");
        assertThat(claims.has("email")).isTrue();
        assertThat(claims.has("given_name")).as("profile claims of a dropped scope").isFalse();
    }

    @Test
    void withoutScopeParameterTheSubjectTokensScopeIsTheCeiling(Realm acme) {
        String aliceToken = acme.login("claude-desktop", "alice", "alice").get("access_token").asText();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(
                acme.exchange(GATEWAY, GATEWAY_SECRET).subject(aliceToken).audience("analytics-mcp").post()));

        java.util.Set<String> subjectScopes = java.util.Set.of(Jwt.claims(aliceToken).get("scope").asText().split(" "));
        assertThat(subjectScopes).containsAll(java.util.List.of(claims.get("scope").asText().split(" ")));
    }

    @Test
    void introspectionShowsTheActorChain(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(acme.aliceViaClaude()).audience("analytics-mcp").post());

        // the resource server the token is addressed to introspects it (Keycloak requires it to be in aud)
        Http.Response response = acme.introspect(delegated, "analytics-mcp", "demo-analytics-mcp-secret");

        assertThat(response.status()).isEqualTo(200);
        JsonNode introspection = response.json();
        assertThat(introspection.get("active").asBoolean()).isTrue();
        assertThat(introspection.get("act").toString()).isEqualTo("{\"sub\":\"claude-desktop\"}");
        assertThat(introspection.get("client_id").asText()).isEqualTo(GATEWAY);
        assertThat(introspection.get("username").asText()).isEqualTo("alice");
    }

    @Test
    void introspectionShowsANestedChainAsIssued(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();
        String hop2 = throughGatewayAndHop2(tests, aliceToken);

        Http.Response response = tests.introspect(hop2, "hop-3", "hop-3-secret");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("active").asBoolean()).isTrue();
        assertThat(response.json().get("act").toString()).isEqualTo("{\"sub\":\"gateway\",\"act\":{\"sub\":\"app\"}}");
        assertThat(response.json().get("act")).isEqualTo(Jwt.claims(hop2).get("act"));
    }

    @Test
    void introspectionOfATokenWithoutDelegationShowsNoActor(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();
        // plain-gateway carries the introspection mapper but exchanges without delegation
        String plain = assertIssuedAccessToken(tests.exchange("plain-gateway", "plain-gateway-secret").subject(aliceToken).audience("hop-2").post());

        Http.Response response = tests.introspect(plain, "hop-2", "hop-2-secret");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("active").asBoolean()).isTrue();
        assertThat(response.json().has("act")).isFalse();
    }

    @Test
    void delegatedTokenDiesWithTheUsersSession(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String daveToken = tests.login("app", "dave", "dave").get("access_token").asText();
        String delegated = assertIssuedAccessToken(tests.exchange("gateway", "gateway-secret").subject(daveToken).audience("hop-2").post());
        assertThat(Jwt.claims(delegated).get("sid").asText()).isEqualTo(Jwt.claims(daveToken).get("sid").asText());
        assertThat(tests.introspect(delegated, "hop-2", "hop-2-secret").json().get("active").asBoolean()).isTrue();

        Http.Response logout = tests.admin().post("/users/" + tests.admin().user("dave").get("id").asText() + "/logout", null);
        assertThat(logout.status()).isEqualTo(204);

        Http.Response response = tests.introspect(delegated, "hop-2", "hop-2-secret");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("active").asBoolean()).as("agent token after the user logged out").isFalse();
    }

    @Test
    void exchangeEventCarriesTheChainClientAudienceScopeAndTokenId(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        String tokenId = Jwt.claims(delegated).get("jti").asText();

        JsonNode event = findEvent(acme, "TOKEN_EXCHANGE", tokenId);

        JsonNode details = event.get("details");
        assertThat(event.get("clientId").asText()).isEqualTo(GATEWAY);
        assertThat(event.get("userId").asText()).isEqualTo(Jwt.claims(delegated).get("sub").asText());
        assertThat(details.get("act").asText()).isEqualTo("{\"sub\":\"claude-desktop\"}");
        assertThat(details.get("requesting_client").asText()).isEqualTo(GATEWAY);
        assertThat(details.get("audience").asText()).isEqualTo("analytics-mcp");
        assertThat(details.get("scope").asText()).isNotBlank();
        assertThat(details.get("subject_token_client_id").asText()).isEqualTo("claude-desktop");
        assertThat(event.toString()).doesNotContain("eyJ");
    }

    @Test
    void keycloaksStandardExchangeStillServesClientsWithoutDelegation(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();

        Http.Response response = tests.exchange("plain-gateway", "plain-gateway-secret").subject(aliceToken).audience("hop-2").post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(claims.has("act")).isFalse();
        assertThat(texts(claims.get("aud"))).contains("hop-2");
    }

    @Test
    void openidWithinTheSubjectTokensScopeIsIssuedWithoutAnIdTokenAndWorksAtUserinfo(Realm acme) {
        String aliceToken = acme.aliceViaClaude();
        assertThat(Jwt.claims(aliceToken).get("scope").asText()).contains("openid");

        Http.Response response = acme.exchange(GATEWAY, GATEWAY_SECRET).subject(aliceToken).audience("analytics-mcp").scope("openid email").post();

        String delegated = assertIssuedAccessToken(response);
        assertThat(response.json().has("id_token")).as("no ID token: it could not carry act").isFalse();
        assertThat(Jwt.claims(delegated).get("scope").asText().split(" ")).contains("openid", "email");
        Http.Response userinfo = new Http().get(acme.oidc("userinfo"), "Authorization", Http.bearer(delegated));
        assertThat(userinfo.status()).isEqualTo(200);
        assertThat(userinfo.json().get("sub").asText()).isEqualTo(Jwt.claims(aliceToken).get("sub").asText());
    }

    @Test
    void introspectionDescribesTheIssuedTokenNotAWiderOne(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        JsonNode issued = Jwt.claims(delegated);

        JsonNode introspection = acme.introspect(delegated, "analytics-mcp", "demo-analytics-mcp-secret").json();

        assertThat(introspection.get("active").asBoolean()).isTrue();
        assertThat(texts(introspection.get("aud"))).isEqualTo(texts(issued.get("aud"))).containsExactly("analytics-mcp");
        assertThat(introspection.get("scope")).isEqualTo(issued.get("scope"));
        assertThat(introspection.get("act")).isEqualTo(issued.get("act"));
        assertThat(introspection.path("realm_access")).isEqualTo(issued.path("realm_access"));
        assertThat(introspection.path("resource_access")).isEqualTo(issued.path("resource_access"));
    }

    @Test
    void withoutAudienceTheClientsDefaultAudienceIsTheOnlyOne(Realm acme) {
        Realm tests = acme.other("tokenbroker-tests");
        String aliceToken = tests.login("app", "alice", "alice").get("access_token").asText();

        Http.Response response = tests.exchange("defaulting-gateway", "defaulting-gateway-secret").subject(aliceToken).post();

        JsonNode claims = Jwt.claims(assertIssuedAccessToken(response));
        assertThat(texts(claims.get("aud"))).containsExactly("hop-2");
        assertThat(claims.get("act").toString()).isEqualTo("{\"sub\":\"app\"}");
    }

    @Test
    void eachExchangeLeavesExactlyOneRecordInKeycloak26Point8Vocabulary(Realm acme) {
        String delegated = assertIssuedAccessToken(acme.exchange(GATEWAY, GATEWAY_SECRET)
                .subject(acme.aliceViaClaude()).audience("analytics-mcp").post());
        String tokenId = Jwt.claims(delegated).get("jti").asText();

        long records = java.util.stream.StreamSupport.stream(acme.admin().events("TOKEN_EXCHANGE").spliterator(), false)
                .filter(event -> tokenId.equals(event.path("details").path("token_id").asText())).count();
        JsonNode details = findEvent(acme, "TOKEN_EXCHANGE", tokenId).get("details");

        assertThat(records).isEqualTo(1);
        assertThat(details.get("actor").asText()).isEqualTo("claude-desktop");
        assertThat(details.get("actor_type").asText()).isEqualTo("client");
        assertThat(details.get("actor_id").asText()).isEqualTo(acme.admin().client("claude-desktop").get("id").asText());
        assertThat(details.get("flow").asText()).isEqualTo("delegation");
        assertThat(details.get("policy_outcome").asText()).isEqualTo("allow");
    }

    /** A subject token exchanged by gateway (for hop-2), then by hop-2 (for hop-3): two actors deep. */
    private static String throughGatewayAndHop2(Realm tests, String subjectToken) {
        return hop(tests, "hop-2", hop(tests, "gateway", subjectToken, "hop-2"), "hop-3");
    }

    /** One delegation hop in the test realm, whose confidential clients' secrets are "<client id>-secret". */
    private static String hop(Realm tests, String client, String subjectToken, String audience) {
        return assertIssuedAccessToken(tests.exchange(client, client + "-secret").subject(subjectToken).audience(audience).post());
    }

    static JsonNode findEvent(Realm realm, String type, String tokenId) {
        for (JsonNode event : realm.admin().events(type)) {
            if (tokenId.equals(event.path("details").path("token_id").asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event for token " + tokenId);
    }
}
