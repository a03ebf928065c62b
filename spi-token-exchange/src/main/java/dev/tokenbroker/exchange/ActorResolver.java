package dev.tokenbroker.exchange;

import java.util.function.UnaryOperator;

import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.ImplicitActor;
import dev.tokenbroker.delegation.MayAct;

/**
 * Decides who acts and the chain the issued token carries, refusing in this order: the actor
 * (verified {@code actor_token}, or the implicit one), actor is not the subject, actor allowed for
 * the client, prior chain well-formed, no repeated actor, depth, then {@code may_act} (RFC 8693 §4.4).
 */
final class ActorResolver {

    private final DelegationSettings settings;
    private final ActorVerifier verifier;
    private final UnaryOperator<String> clientInternalId;

    /**
     * @param clientInternalId a client's internal id by client_id ({@code null} when unknown), for the record
     */
    ActorResolver(DelegationSettings settings, ActorVerifier verifier, UnaryOperator<String> clientInternalId) {
        this.settings = settings;
        this.verifier = verifier;
        this.clientInternalId = clientInternalId;
    }

    /** The current actor and the chain for the issued token: the actor outermost, the subject token's chain inside. */
    Resolution resolve(ExchangeRequest request, AccessToken subjectToken) {
        ActorIdentity actor = resolveActor(request, subjectToken);
        ActorChain chain = extendChain(subjectToken, actor);
        checkMayAct(subjectToken, actor);
        return new Resolution(actor, chain);
    }

    record Resolution(ActorIdentity actor, ActorChain chain) {
    }

    private ActorIdentity resolveActor(ExchangeRequest request, AccessToken subjectToken) {
        ActorIdentity actor;
        if (request.hasActorToken()) {
            actor = verifier.verify(request.actorToken());
        } else if (settings.implicitActor() == ImplicitActor.SUBJECT_CLIENT) {
            String azp = subjectToken.getIssuedFor();
            if (azp == null || azp.isBlank()) {
                throw ExchangeRefusal.invalidRequest("subject_token names no client (azp) to act, and no actor_token was sent");
            }
            actor = ActorIdentity.client(azp, clientInternalId.apply(azp));
        } else {
            throw ExchangeRefusal.invalidRequest("actor_token is required by this client's delegation settings");
        }
        if (actor.actor().subject().equals(subjectToken.getSubject())) {
            throw ExchangeRefusal.invalidRequest("the actor must not be the subject");
        }
        if (!settings.actorAllowed(actor.actor())) {
            throw ExchangeRefusal.unauthorizedClient("Client is not allowed to delegate to this actor");
        }
        return actor;
    }

    private ActorChain extendChain(AccessToken subjectToken, ActorIdentity actor) {
        ActorChain prior;
        try {
            prior = ActorChain.fromActClaim(subjectToken.getOtherClaims().get("act"), DelegationSettings.HARD_MAX_CHAIN_DEPTH);
        } catch (ActorChain.MalformedActClaimException e) {
            throw ExchangeRefusal.invalidRequest("subject_token has a malformed act claim: " + e.getMessage());
        }
        if (prior.contains(actor.actor())) {
            // A repeated actor is a loop (A -> B -> A): nothing new is delegated, only the chain grows.
            throw ExchangeRefusal.invalidRequest("the actor already appears in the subject token's delegation chain");
        }
        ActorChain chain = prior.delegatedTo(actor.actor());
        if (chain.depth() > settings.maxChainDepth()) {
            throw ExchangeRefusal.invalidRequest("delegation chain would exceed the maximum depth of " + settings.maxChainDepth());
        }
        return chain;
    }

    private void checkMayAct(AccessToken subjectToken, ActorIdentity actor) {
        MayAct mayAct;
        try {
            mayAct = MayAct.fromClaim(subjectToken.getOtherClaims().get("may_act"));
        } catch (ActorChain.MalformedActClaimException e) {
            throw ExchangeRefusal.invalidRequest("subject_token has a malformed may_act claim");
        }
        if (mayAct == null) {
            if (settings.requireMayAct()) {
                throw ExchangeRefusal.invalidRequest("subject_token has no may_act claim, which this client requires");
            }
            return;
        }
        // Actors are authenticated by this realm, so the realm is their issuer.
        if (!mayAct.permits(actor.actor(), verifier.realmIssuer())) {
            throw ExchangeRefusal.invalidRequest("the actor is not the party named by the subject token's may_act claim");
        }
    }
}
