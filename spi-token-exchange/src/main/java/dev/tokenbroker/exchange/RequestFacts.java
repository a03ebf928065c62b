package dev.tokenbroker.exchange;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.ImplicitActor;
import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.ExchangeRoute;

/**
 * What the provider learns about a token exchange request before Keycloak runs client policies, to
 * decide whether the request is the broker's. Cheapest checks first: a stock exchange by a client
 * that does not delegate costs two map lookups, one client lookup per audience and one look at the
 * subject token's raw payload.
 *
 * @param namesActor        {@code actor_token} or {@code actor_token_type} was sent: Keycloak's standard
 *                          exchange would silently drop it and issue a token that hides the actor
 * @param clientDelegates   the client's attributes enable delegation
 * @param upstream          the route of a flow serving a target that is not a client of the realm, or {@code null}
 * @param subjectDelegated  the subject token records delegation ({@code act}/{@code may_act}), which a
 *                          plain exchange would drop (Keycloak 26.8's standard exchange refuses such tokens)
 * @param policyMayDelegate the realm has a client policy with the delegation executor, which Keycloak
 *                          evaluates only after choosing a provider
 */
record RequestFacts(boolean namesActor, boolean clientDelegates, ExchangeRoute upstream, boolean subjectDelegated,
                    boolean policyMayDelegate) {

    private static final RequestFacts NOT_OURS = new RequestFacts(false, false, null, false, false);

    static RequestFacts of(TokenExchangeContext context, DelegationClientPolicies policies) {
        MultivaluedMap<String, String> form = context.getFormParams();
        boolean namesActor = form.getFirst(OAuth2Constants.ACTOR_TOKEN) != null || form.getFirst(OAuth2Constants.ACTOR_TOKEN_TYPE) != null;
        if (!namesActor && isImpersonation(form)) {
            // Keycloak's impersonation and cross-issuer exchanges (legacy token exchange) stay Keycloak's.
            return NOT_OURS;
        }
        ClientModel client = context.getClient();
        RealmModel realm = context.getRealm();
        return new RequestFacts(namesActor,
                Boolean.parseBoolean(client.getAttribute(DelegationSettings.ENABLED)),
                upstreamRoute(context.getSession(), realm, form),
                DelegationMarkers.present(form.getFirst(OAuth2Constants.SUBJECT_TOKEN)),
                policies.mayApply(realm));
    }

    /** Whether the provider takes the request at all. */
    boolean claimed() {
        return namesActor || clientDelegates || upstream != null || subjectDelegated || policyMayDelegate;
    }

    /**
     * Whether the request is a delegation, now that client policies have run: the broker must answer
     * it (refusing if the client may not delegate). Anything else is Keycloak's standard exchange.
     */
    boolean delegates(DelegationSettings settings) {
        return namesActor || upstream != null || subjectDelegated
                || settings.enabled() && settings.implicitActor() != ImplicitActor.NONE;
    }

    private static boolean isImpersonation(MultivaluedMap<String, String> form) {
        return form.getFirst(OAuth2Constants.REQUESTED_SUBJECT) != null || form.getFirst(OAuth2Constants.REQUESTED_ISSUER) != null
                || form.getFirst(OAuth2Constants.SUBJECT_ISSUER) != null;
    }

    /** Upstream aliases may not collide with client ids (checked on save), so targets that are clients need no flow. */
    private static ExchangeRoute upstreamRoute(KeycloakSession session, RealmModel realm, MultivaluedMap<String, String> form) {
        List<String> targets = ExchangeTargets.of(form);
        if (targets.stream().allMatch(target -> realm.getClientByClientId(target) != null)) {
            return null;
        }
        for (ExchangeFlow flow : session.getAllProviders(ExchangeFlow.class)) {
            Optional<ExchangeRoute> route = flow.route(realm, targets);
            if (route.isPresent()) {
                return route.get();
            }
        }
        return null;
    }
}
