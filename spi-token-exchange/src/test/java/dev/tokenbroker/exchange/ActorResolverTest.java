package dev.tokenbroker.exchange;

import static dev.tokenbroker.exchange.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.Actor;
import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;

/** Actor resolution, one test per branch, in the order the resolver checks them. */
class ActorResolverTest {

    private static final String ISSUER = "https://kc.test/realms/acme";

    private final Map<String, String> settings = new HashMap<>(Map.of(DelegationSettings.ENABLED, "true"));
    private final List<String> verifiedActorTokens = new ArrayList<>();
    private ActorIdentity actorBehindToken = ActorIdentity.client("research-agent", "id-research-agent");
    private final AccessToken subject = token("alice-id", "claude-desktop");

    private static AccessToken token(String sub, String azp) {
        AccessToken token = new AccessToken();
        token.subject(sub);
        token.issuedFor(azp);
        return token;
    }

    private ActorResolver resolver() {
        return resolver(actorToken -> {
            verifiedActorTokens.add(actorToken);
            return actorBehindToken;
        });
    }

    private ActorResolver resolver(java.util.function.Function<String, ActorIdentity> verification) {
        ActorVerifier verifier = new ActorVerifier() {
            @Override
            public ActorIdentity verify(String actorToken) {
                return verification.apply(actorToken);
            }

            @Override
            public String realmIssuer() {
                return ISSUER;
            }
        };
        return new ActorResolver(DelegationSettings.read(name -> null, settings::get), verifier, clientId -> "id-" + clientId);
    }

    private static ExchangeRequest request(String actorToken) {
        return new ExchangeRequest("subject", "urn:ietf:params:oauth:token-type:access_token", actorToken,
                actorToken == null ? null : "urn:ietf:params:oauth:token-type:access_token", List.of("analytics-mcp"), Scopes.none(),
                AuthorizationDetails.none(), null);
    }

    private ActorResolver.Resolution resolve(String actorToken) {
        return resolver().resolve(request(actorToken), subject);
    }

    @Test
    void whenNoActorTokenThenTheSubjectTokensClientActsAsAClient() {
        ActorResolver.Resolution resolution = resolve(null);

        assertThat(resolution.actor()).isEqualTo(ActorIdentity.client("claude-desktop", "id-claude-desktop"));
        assertThat(resolution.chain().toActClaim()).isEqualTo(Map.of("sub", "claude-desktop"));
        assertThat(verifiedActorTokens).isEmpty();
    }

    @Test
    void whenActorTokenSentThenItsVerifiedActorActs() {
        ActorResolver.Resolution resolution = resolve("actor-token");

        assertThat(verifiedActorTokens).containsExactly("actor-token");
        assertThat(resolution.actor().type()).isEqualTo(ActorIdentity.CLIENT);
        assertThat(resolution.chain().current()).isEqualTo(new Actor("research-agent"));
    }

    @Test
    void whenActorTokenInvalidThenTheVerifiersRefusalStands() {
        ActorResolver resolver = resolver(actorToken -> {
            throw ExchangeRefusal.invalidRequest("actor_token has expired");
        });

        assertRefused(() -> resolver.resolve(request("expired"), subject), "invalid_request", "actor_token has expired");
    }

    @Test
    void whenImplicitActorIsNoneAndNoActorTokenThenInvalidRequest() {
        settings.put(DelegationSettings.IMPLICIT_ACTOR, "none");

        assertRefused(() -> resolve(null), "invalid_request", "actor_token is required");
    }

    @Test
    void whenSubjectTokenNamesNoClientAndNoActorTokenThenInvalidRequest() {
        subject.issuedFor(null);

        assertRefused(() -> resolve(null), "invalid_request", "names no client");
    }

    @Test
    void whenActorIsTheSubjectThenInvalidRequest() {
        actorBehindToken = ActorIdentity.user("alice-id");

        assertRefused(() -> resolve("alice-herself"), "invalid_request", "must not be the subject");
    }

    @Test
    void whenActorNotAllowedForTheClientThenUnauthorizedClient() {
        settings.put(DelegationSettings.ALLOWED_ACTORS, "claude-desktop cursor");

        assertRefused(() -> resolve("actor-token"), "unauthorized_client", "not allowed to delegate to this actor");
    }

    @Test
    void whenPriorActClaimMalformedThenInvalidRequest() {
        subject.getOtherClaims().put("act", "claude-desktop");

        assertRefused(() -> resolve(null), "invalid_request", "malformed act claim");
    }

    @Test
    void whenActorAlreadyInTheChainThenInvalidRequest() {
        subject.getOtherClaims().put("act", Map.of("sub", "research-agent"));

        assertRefused(() -> resolve("actor-token"), "invalid_request", "already appears");
    }

    @Test
    void whenChainWouldExceedTheMaximumDepthThenInvalidRequest() {
        settings.put(DelegationSettings.MAX_CHAIN_DEPTH, "2");
        subject.getOtherClaims().put("act", Map.of("sub", "tool", "act", Map.of("sub", "gateway")));

        assertRefused(() -> resolve(null), "invalid_request", "maximum depth of 2");
    }

    @Test
    void whenChainReachesTheMaximumDepthExactlyThenItIsIssued() {
        settings.put(DelegationSettings.MAX_CHAIN_DEPTH, "2");
        subject.getOtherClaims().put("act", Map.of("sub", "gateway"));

        assertThat(resolve(null).chain().subjects()).containsExactly("claude-desktop", "gateway");
    }

    @Test
    void whenMayActMalformedThenInvalidRequest() {
        subject.getOtherClaims().put("may_act", List.of("research-agent"));

        assertRefused(() -> resolve("actor-token"), "invalid_request", "malformed may_act");
    }

    @Test
    void whenMayActRequiredButAbsentThenInvalidRequest() {
        settings.put(DelegationSettings.REQUIRE_MAY_ACT, "true");

        assertRefused(() -> resolve("actor-token"), "invalid_request", "no may_act claim");
    }

    @Test
    void whenMayActNamesAnotherActorThenInvalidRequest() {
        subject.getOtherClaims().put("may_act", Map.of("sub", "cursor"));

        assertRefused(() -> resolve("actor-token"), "invalid_request", "not the party named");
    }

    @Test
    void whenMayActNamesAnotherIssuerThenInvalidRequest() {
        subject.getOtherClaims().put("may_act", Map.of("sub", "research-agent", "iss", "https://elsewhere.test"));

        assertRefused(() -> resolve("actor-token"), "invalid_request", "not the party named");
    }

    @Test
    void whenMayActNamesTheActorAndThisRealmThenItActs() {
        settings.put(DelegationSettings.REQUIRE_MAY_ACT, "true");
        subject.getOtherClaims().put("may_act", Map.of("sub", "research-agent", "iss", ISSUER));

        assertThat(resolve("actor-token").actor().actor()).isEqualTo(new Actor("research-agent"));
    }
}
