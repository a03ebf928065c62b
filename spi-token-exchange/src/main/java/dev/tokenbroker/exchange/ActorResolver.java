package dev.tokenbroker.exchange;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.tokenbroker.delegation.Actor;
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

    private final RealmModel realm;
    private final DelegationSettings settings;
    private final RealmTokenVerifier verifier;

    ActorResolver(RealmModel realm, DelegationSettings settings, RealmTokenVerifier verifier) {
        this.realm = realm;
        this.settings = settings;
        this.verifier = verifier;
    }

    /** The chain for the issued token: the current actor outermost, the subject token's chain nested inside. */
    ActorChain chainFor(ExchangeRequest request, AccessToken subjectToken) {
        Actor actor = resolveActor(request, subjectToken);
        ActorChain chain = extendChain(subjectToken, actor);
        checkMayAct(subjectToken, actor);
        return chain;
    }

    private Actor resolveActor(ExchangeRequest request, AccessToken subjectToken) {
        Actor actor;
        if (request.hasActorToken()) {
            AuthResult actorAuth = verifier.verifyActor(request.actorToken());
            actor = actorOf(actorAuth);
        } else if (settings.implicitActor() == ImplicitActor.SUBJECT_CLIENT) {
            actor = new Actor(subjectToken.getIssuedFor());
        } else {
            throw ExchangeRefusal.invalidRequest("actor_token is required by this client's delegation settings");
        }
        if (actor.subject().equals(subjectToken.getSubject())) {
            throw ExchangeRefusal.invalidRequest("the actor must not be the subject");
        }
        if (!settings.actorAllowed(actor)) {
            throw ExchangeRefusal.unauthorizedClient("Client is not allowed to delegate to this actor");
        }
        return actor;
    }

    /** An agent or service acts as its client_id; a human actor as her {@code sub}. */
    private Actor actorOf(AuthResult actorAuth) {
        String serviceAccountOf = actorAuth.user().getServiceAccountClientLink();
        if (serviceAccountOf != null) {
            ClientModel actorClient = realm.getClientById(serviceAccountOf);
            if (actorClient == null) {
                throw ExchangeRefusal.invalidToken("actor_token belongs to a client that no longer exists");
            }
            return new Actor(actorClient.getClientId());
        }
        return new Actor(actorAuth.token().getSubject());
    }

    private ActorChain extendChain(AccessToken subjectToken, Actor actor) {
        ActorChain prior;
        try {
            prior = ActorChain.fromActClaim(subjectToken.getOtherClaims().get("act"), DelegationSettings.HARD_MAX_CHAIN_DEPTH);
        } catch (ActorChain.MalformedActClaimException e) {
            throw ExchangeRefusal.invalidToken("subject_token has a malformed act claim: " + e.getMessage());
        }
        if (prior.contains(actor)) {
            // A repeated actor is a loop (A -> B -> A): nothing new is delegated, only the chain grows.
            throw ExchangeRefusal.invalidRequest("the actor already appears in the subject token's delegation chain");
        }
        ActorChain chain = prior.delegatedTo(actor);
        if (chain.depth() > settings.maxChainDepth()) {
            throw ExchangeRefusal.invalidRequest("delegation chain would exceed the maximum depth of " + settings.maxChainDepth());
        }
        return chain;
    }

    private void checkMayAct(AccessToken subjectToken, Actor actor) {
        MayAct mayAct;
        try {
            mayAct = MayAct.fromClaim(subjectToken.getOtherClaims().get("may_act"));
        } catch (ActorChain.MalformedActClaimException e) {
            throw ExchangeRefusal.invalidToken("subject_token has a malformed may_act claim");
        }
        if (mayAct == null) {
            if (settings.requireMayAct()) {
                throw ExchangeRefusal.invalidRequest("subject_token has no may_act claim, which this client requires");
            }
            return;
        }
        // Actors are authenticated by this realm, so the realm is their issuer.
        if (!mayAct.permits(actor, verifier.realmIssuer())) {
            throw ExchangeRefusal.invalidRequest("the actor is not the party named by the subject token's may_act claim");
        }
    }
}
