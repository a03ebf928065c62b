package dev.tokenbroker.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.tokenexchange.StandardTokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.DelegationGrant;
import dev.tokenbroker.delegation.DelegationPolicyExecutor;
import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.ImplicitActor;
import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.FlowRequest;

/**
 * RFC 8693 delegation on the realm's token endpoint: the issued token keeps the user as {@code sub}
 * and records who acts for her in {@code act}, nested for chains.
 *
 * <p>Validation runs as guard clauses in a fixed order, each failure one {@link ExchangeRefusal}:
 * request syntax (§2.1), client may delegate, subject token live and held by the client, actor
 * (from {@code actor_token} or implicit), chain depth and loops, {@code may_act} (§4.4), scope.
 * Token issuance reuses Keycloak's standard exchange (sessions, mappers, consents, signing with the
 * realm's active key) and narrows its result in {@link #checkRequestedAudiences}: exactly the
 * requested audience, scope within the subject token's, capped lifetime, {@code act}, {@code client_id}.
 */
public class TokenBrokerExchangeProvider extends StandardTokenExchangeProvider {

    /** Event detail holding the issued token's actor chain as JSON. */
    public static final String ACT_DETAIL = "act";
    public static final String REQUESTING_CLIENT_DETAIL = "requesting_client";

    private final UnlistedClientScopes unlistedScopes;
    private ExchangeRequest request;
    private DelegationGrant grant;
    private String peekedSubjectToken;
    private boolean peekedMarkers;

    TokenBrokerExchangeProvider(UnlistedClientScopes unlistedScopes) {
        this.unlistedScopes = unlistedScopes;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        var form = context.getFormParams();
        if (form.getFirst(OAuth2Constants.REQUESTED_SUBJECT) != null
                || form.getFirst(OAuth2Constants.REQUESTED_ISSUER) != null
                || form.getFirst(OAuth2Constants.SUBJECT_ISSUER) != null) {
            context.setUnsupportedReason("Impersonation and cross-issuer exchanges are not delegation");
            return false;
        }
        // An actor_token is always ours: Keycloak's standard exchange would silently drop it and
        // issue a token that hides the actor.
        if (context.getParams().getActorToken() != null || context.getParams().getActorTokenType() != null) {
            return true;
        }
        if (Boolean.parseBoolean(context.getClient().getAttribute(DelegationSettings.ENABLED))) {
            return true;
        }
        // A subject token that already records delegation must never pass through an exchange that
        // would drop its act chain (Keycloak 26.8's standard exchange refuses such tokens too).
        if (subjectRecordsDelegation(context.getParams().getSubjectToken())) {
            return true;
        }
        // A client may also be put under delegation by a client policy, which Keycloak evaluates only
        // after choosing a provider: take what the standard exchange would, and pass it through
        // unchanged when no delegation applies (see tokenExchange()).
        return super.supports(context);
    }

    @Override
    protected Response tokenExchange() {
        try {
            DelegationSettings settings = settings();
            if (!isDelegation(settings)) {
                return super.tokenExchange();
            }
            request = ExchangeRequest.parse(params);
            requireClientMayDelegate(settings);

            RealmTokenVerifier verifier = new RealmTokenVerifier(session, realm, clientConnection, headers);
            AuthResult subject = verifier.verifySubject(request.subjectToken());
            AccessToken subjectToken = subject.token();
            recordSubject(subject);
            requireHeldByRequestingClient(subjectToken);
            refuseSenderConstrained(subjectToken);

            ActorChain chain = new ActorResolver(realm, settings, verifier).chainFor(request, subjectToken);
            event.detail(ACT_DETAIL, chain.toJson());

            long expiresAt = Math.min((long) Time.currentTime() + settings.maxLifetimeSeconds(), subjectToken.getExp());
            ExchangeFlow flow = flowFor(request.targets());
            if (flow != null) {
                // The platform's scopes are its own vocabulary; the flow checks them against its config.
                grant = new DelegationGrant(client, subject.user(), subject.session(), subjectToken, chain,
                        request.targets(), scopeNames(subjectToken.getScope()), expiresAt);
                Response response = flow.issue(new FlowRequest(session, realm, verifier.realmIssuer(), grant, request, event));
                event.success();
                return cors.add(Response.fromResponse(response));
            }
            grant = new DelegationGrant(client, subject.user(), subject.session(), subjectToken, chain,
                    request.targets(), allowedScopes(subjectToken), expiresAt);
            return exchangeClientToClient(subject.user(), subject.session(), subjectToken, true);
        } catch (ExchangeRefusal refusal) {
            throw RefusalResponder.respond(refusal, event, cors);
        }
    }

    /** The flow serving the targets, or {@code null} when they are clients of this realm (the local flow). */
    private ExchangeFlow flowFor(List<String> targets) {
        // Upstream aliases may not collide with client ids (checked when an upstream is saved), so
        // targets that are all clients need no look at the flows: the common case stays cheap.
        if (targets.stream().allMatch(target -> realm.getClientByClientId(target) != null)) {
            return null;
        }
        return session.getAllProviders(ExchangeFlow.class).stream()
                .filter(flow -> flow.serves(realm, targets))
                .findFirst().orElse(null);
    }

    /**
     * Delegation applies when an actor is named, when the subject token already records delegation,
     * or when the client delegates with an implicit actor (by attribute or client policy); anything
     * else is Keycloak's standard exchange.
     */
    private boolean isDelegation(DelegationSettings settings) {
        return params.getActorToken() != null || params.getActorTokenType() != null
                || settings.enabled() && settings.implicitActor() != ImplicitActor.NONE
                || subjectRecordsDelegation(params.getSubjectToken());
    }

    /**
     * Peeked once per request: supports() and tokenExchange() both ask, and standard exchanges that
     * pass through would otherwise parse the subject token twice more than Keycloak alone does.
     */
    private boolean subjectRecordsDelegation(String subjectToken) {
        if (!Objects.equals(subjectToken, peekedSubjectToken)) {
            peekedMarkers = DelegationMarkers.present(subjectToken);
            peekedSubjectToken = subjectToken;
        }
        return peekedMarkers;
    }

    private DelegationSettings settings() {
        try {
            return DelegationSettings.read(realm::getAttribute, client::getAttribute, DelegationPolicyExecutor.policyFor(session));
        } catch (IllegalArgumentException e) {
            // Fail closed on a misconfigured client rather than guessing what was meant.
            throw ExchangeRefusal.unauthorizedClient("Delegation settings of this client are invalid: " + e.getMessage());
        }
    }

    private void requireClientMayDelegate(DelegationSettings settings) {
        event.detail(REQUESTING_CLIENT_DETAIL, client.getClientId());
        if (client.isPublicClient()) {
            throw ExchangeRefusal.unauthorizedClient("Public clients may not perform token exchange");
        }
        if (!settings.enabled()) {
            throw ExchangeRefusal.unauthorizedClient("Client is not allowed to perform delegation exchanges");
        }
    }

    private void recordSubject(AuthResult subject) {
        UserModel user = subject.user();
        event.user(user);
        event.detail(Details.USERNAME, user.getUsername());
        if (subject.token().getSessionId() != null) {
            event.session(subject.session());
        }
        event.detail(Details.SUBJECT_TOKEN_CLIENT_ID, subject.token().getIssuedFor());
    }

    /** The requesting client must be an audience of the subject token or the client it was issued to. */
    private void requireHeldByRequestingClient(AccessToken subjectToken) {
        String clientId = client.getClientId();
        if (!clientId.equals(subjectToken.getIssuedFor()) && !subjectToken.hasAudience(clientId)) {
            throw ExchangeRefusal.invalidRequest("subject_token was not issued to or for the requesting client");
        }
    }

    /**
     * A DPoP- or mTLS-bound subject token (RFC 7800 {@code cnf}) proves possession only to the
     * client that holds the key; re-issuing it unbound would strip that protection.
     */
    private void refuseSenderConstrained(AccessToken subjectToken) {
        if (subjectToken.getConfirmation() != null) {
            throw ExchangeRefusal.invalidRequest("sender-constrained subject tokens cannot be exchanged for delegation");
        }
    }

    /**
     * Scope names the issued token may carry: the request's {@code scope} if sent (each must be in
     * the subject token's), else the subject token's. Client scopes that never appear in {@code scope}
     * (basic, roles, acr...) are not narrowed here; Keycloak's own client checks govern them.
     */
    private Set<String> allowedScopes(AccessToken subjectToken) {
        Set<String> granted = scopeNames(subjectToken.getScope());
        List<String> requested = request.scopes();
        if (requested.isEmpty()) {
            return granted;
        }
        for (String scope : requested) {
            // openid would make Keycloak add an ID token for the user to the response: a delegated
            // exchange issues the access token that records the actor, and nothing that omits it.
            if (OAuth2Constants.SCOPE_OPENID.equals(scope)) {
                throw ExchangeRefusal.invalidScope("scope 'openid' is not issued by delegation: only an access token is");
            }
            if (!granted.contains(scope)) {
                throw ExchangeRefusal.invalidScope("scope '" + scope + "' exceeds the scope of the subject_token");
            }
        }
        if (!TokenManager.isValidScope(session, request.scope(), client)) {
            throw ExchangeRefusal.invalidScope("requested scope is not available to the requesting client");
        }
        return new LinkedHashSet<>(requested);
    }

    @Override
    protected String getRequestedTokenType() {
        if (grant == null) {
            return super.getRequestedTokenType();
        }
        String requested = request.requestedTokenType();
        if (requested == null || requested.equals(TokenTypes.ACCESS_TOKEN)) {
            return TokenTypes.ACCESS_TOKEN;
        }
        // Refresh tokens would outlive the lifetime cap and re-issue without the act chain.
        throw ExchangeRefusal.invalidRequest("requested_token_type is not supported for delegation; only "
                + TokenTypes.ACCESS_TOKEN + " is issued");
    }

    @Override
    protected List<ClientModel> getTargetAudienceClients() {
        if (grant == null) {
            return super.getTargetAudienceClients();
        }
        List<ClientModel> audiences = new ArrayList<>();
        for (String target : request.targets()) {
            ClientModel audience = realm.getClientByClientId(target);
            if (audience == null || !audience.isEnabled()) {
                throw ExchangeRefusal.invalidTarget("audience '" + target + "' is not a known, enabled client of this realm");
            }
            audiences.add(audience);
        }
        if (audiences.isEmpty()) {
            audiences.add(client);
        }
        return audiences;
    }

    @Override
    protected String getRequestedScope(AccessToken token, List<ClientModel> targetAudienceClients) {
        if (grant == null) {
            return super.getRequestedScope(token, targetAudienceClients);
        }
        context.setRestrictedScopes(restrictedClientScopes(grant.allowedScopes()));
        return request.scope();
    }

    /** The requesting client's scopes minus those that would show in {@code scope} without being granted. */
    private Set<String> restrictedClientScopes(Set<String> allowed) {
        Set<String> restricted = new HashSet<>(unlistedScopes.of(realm.getId(), client));
        restricted.addAll(allowed);
        // The client's own (dedicated) mappers count as a scope named after the client's display name,
        // which may be null; without it the client's audience mappers would be filtered out too.
        restricted.add(client.getName());
        return restricted;
    }

    /** Runs after the access token is built and before it is signed: the one place it is narrowed. */
    @Override
    protected void checkRequestedAudiences(TokenManager.AccessTokenResponseBuilder responseBuilder) {
        if (grant == null) {
            super.checkRequestedAudiences(responseBuilder);
            return;
        }
        AccessToken token = responseBuilder.getAccessToken();
        narrowAudience(token);
        checkScopeNotWidened(token);
        if (token.getExp() == null || token.getExp() > grant.expiresAt()) {
            token.exp(grant.expiresAt());
        }
        token.getOtherClaims().put("act", grant.actorChain().toActClaim());
        token.getOtherClaims().put("client_id", client.getClientId());
        event.detail(Details.TOKEN_ID, token.getId());
        event.detail(Details.SCOPE, token.getScope());
    }

    private void narrowAudience(AccessToken token) {
        if (grant.targets().isEmpty()) {
            return;
        }
        for (String target : grant.targets()) {
            if (!token.hasAudience(target)) {
                throw ExchangeRefusal.invalidTarget("audience '" + target + "' is not available to the requesting client");
            }
        }
        token.audience(grant.targets().toArray(String[]::new));
    }

    private void checkScopeNotWidened(AccessToken token) {
        for (String scope : scopeNames(token.getScope())) {
            if (!grant.allowedScopes().contains(scope) && !OAuth2Constants.SCOPE_OPENID.equals(scope)) {
                throw ExchangeRefusal.invalidScope("scope '" + scope + "' would exceed the scope of the subject_token");
            }
        }
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static Set<String> scopeNames(String scope) {
        Set<String> names = new LinkedHashSet<>();
        if (scope != null) {
            for (String name : WHITESPACE.split(scope.trim())) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
