package dev.tokenbroker.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tokenbroker.delegation.Actor;
import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.policy.KeycloakPolicyResources;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicyGate;
import dev.tokenbroker.policy.PolicyInput;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.suspension.KillSwitch;
import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.tool.AuthorizationDetailTypes;
import dev.tokenbroker.tool.AuthorizationDetails;
import dev.tokenbroker.tool.ToolInvocation;

/**
 * What an exchange would do for a user, an agent and a target, without doing it: the pipeline's
 * checks in its order, the route the target resolves to, the policy decision (the same
 * {@link PolicyGate} and {@link PolicyInputs}, so a configured OPA is asked) and the claims the token
 * would carry. Nothing is signed, minted, cached, recorded or sent to a platform.
 *
 * <p>The user's token is taken to be one the agent obtained at sign-in (the agent is the subject
 * token's client, the implicit actor), with the scope asked for, or else the agent's default client
 * scopes; a client policy's delegation executor is not evaluated (it runs only on a token request).
 */
public final class DryRun {

    /** The dry run's policy input correlation id starts with this, so an OPA decision log tells it from a real exchange. */
    public static final String CORRELATION_PREFIX = "dry-run-";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String realmIssuer;
    private final PolicyEngines engines;

    public DryRun(KeycloakSession session, RealmModel realm, String realmIssuer, PolicyEngines engines) {
        this.session = session;
        this.realm = realm;
        this.realmIssuer = realmIssuer;
        this.engines = engines;
    }

    /**
     * @param lifetime seconds the caller would ask for at most; {@code null}: the client's maximum
     */
    public record Request(UserModel user, ClientModel agent, ClientModel requestingClient, String tool, String server, String target,
                          String scope, Integer lifetime) {
    }

    /**
     * @param decision the policy's, or the refusal of an earlier step (engine {@code pipeline})
     * @param input    the policy input, {@code null} when a step before the policy refused
     * @param claims   the claims the issued token (local) or the minted assertion (upstream) would carry
     * @param flow     {@code delegation} (a token of this realm), {@code federated}, {@code brokered} or {@code passthrough}
     * @param refusal  the OAuth error the caller would get, or {@code null} when allowed
     */
    public record Result(Map<String, Object> decision, Map<String, Object> input, Map<String, Object> claims, String flow,
                         Map<String, String> refusal) {
    }

    public Result run(Request request) {
        String flow = null;
        PolicyInput[] shownInput = new PolicyInput[1];
        try {
            ClientModel client = request.requestingClient();
            DelegationSettings settings = DelegationSettings.read(realm::getAttribute, client::getAttribute);
            if (client.isPublicClient() || !settings.enabled()) {
                throw ExchangeRefusal.unauthorizedClient(client.isPublicClient() ? "Public clients may not perform token exchange"
                        : "Client is not allowed to perform delegation exchanges");
            }
            AuthorizationDetails details = authorizationDetails(request);
            String notAllowed = AuthorizationDetailTypes.firstNotAllowed(details, client.getAttribute(AuthorizationDetailTypes.ATTRIBUTE));
            if (notAllowed != null) {
                throw ExchangeRefusal.invalidAuthorizationDetails("authorization_details type '" + notAllowed + "' is not allowed for this client");
            }
            ActorIdentity actor = ActorIdentity.client(request.agent().getClientId(), request.agent().getId());
            if (!settings.actorAllowed(actor.actor())) {
                throw ExchangeRefusal.unauthorizedClient("Client is not allowed to delegate to this actor");
            }
            ActorChain chain = ActorChain.of(List.of(new Actor(request.agent().getClientId())));
            String target = request.target() == null || request.target().isBlank() ? settings.defaultAudience() : request.target().trim();
            if (target == null) {
                throw ExchangeRefusal.invalidTarget("audience or resource is required: this client has no default audience ("
                        + DelegationSettings.DEFAULT_AUDIENCE + ")");
            }
            ExchangeRoute route = route(client, target);
            flow = route.flow();
            Scopes scopes = route.scopes(Scopes.parseRequest(request.scope()), subjectTokenScopes(request));
            long now = Time.currentTime();
            long lifetime = request.lifetime() == null ? settings.maxLifetimeSeconds() : Math.min(request.lifetime(), settings.maxLifetimeSeconds());
            DelegationGrant grant = new DelegationGrant(client, request.user(), null, null, chain, List.of(target), scopes, now + lifetime);

            Suspension suspension = KillSwitch.stopping(realm, request.user().getId(), client.getClientId(), chain.subjects());
            if (suspension != null) {
                return refused(PolicyDecision.deny(KillSwitch.ENGINE, "suspended"), null, flow, ExchangeRefusal.accessDenied(
                        KillSwitch.describe(suspension, suspension.subject().equals(request.user().getId()) ? request.user().getUsername() : null)));
            }
            String correlationId = CORRELATION_PREFIX + KeycloakModelUtils.generateId();
            Instant at = Instant.ofEpochSecond(now);
            PolicyGate gate = new PolicyGate(engines, new KeycloakPolicyResources(session), PolicySettingsSource.realm(realm::getAttribute));
            AtomicReference<PolicyInput> asked = new AtomicReference<>();
            PolicyDecision decision = gate.decide(route.policySettings(), userAttributes -> {
                asked.set(PolicyInputs.of(correlationId, at, realm.getName(), null, grant, actor, route, details, userAttributes));
                return asked.get();
            }).appliedTo(grant.allowedScopes());
            shownInput[0] = asked.get() != null ? asked.get()
                    : PolicyInputs.of(correlationId, at, realm.getName(), null, grant, actor, route, details, java.util.Set.of());
            if (decision.outcome() == PolicyDecision.Outcome.DENY) {
                return refused(decision, shownInput[0], flow, ExchangeRefusal.accessDenied(decision.reason()));
            }
            if (decision.outcome() == PolicyDecision.Outcome.UNAVAILABLE) {
                return refused(decision, shownInput[0], flow, ExchangeRefusal.temporarilyUnavailable(decision.reason()));
            }
            DelegationGrant narrowed = grant;
            if (decision.maxLifetimeSeconds() != null) {
                narrowed = narrowed.expiringBy(now + decision.maxLifetimeSeconds());
            }
            if (decision.scopes() != null) {
                narrowed = narrowed.withScopesWithin(decision.scopes());
            }
            Map<String, Object> claims = LocalDelegationRoute.FLOW.equals(route.flow())
                    ? localClaims(narrowed, now, details) : route.previewClaims(session, realm, realmIssuer, narrowed);
            return new Result(decision(decision), shownInput[0].toMap(), claims, flow, null);
        } catch (ExchangeRefusal refusal) {
            PolicyDecision pipeline = PolicyDecision.deny("pipeline", refusal.description());
            return refused(pipeline, shownInput[0], flow, refusal);
        }
    }

    private Result refused(PolicyDecision decision, PolicyInput input, String flow, ExchangeRefusal refusal) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", refusal.oauthError());
        error.put("errorDescription", refusal.description());
        return new Result(decision(decision), input == null ? null : input.toMap(), null, flow, error);
    }

    /** The pipeline's routing: clients of this realm locally, anything else by the flow that serves it. */
    private ExchangeRoute route(ClientModel client, String target) {
        ClientModel audience = realm.getClientByClientId(target);
        if (audience != null) {
            if (!audience.isEnabled()) {
                throw ExchangeRefusal.invalidTarget("audience " + Echo.of(target) + " is not a known, enabled client of this realm");
            }
            return LocalDelegationRoute.preview(session, client, List.of(audience));
        }
        for (ExchangeFlow flow : session.getAllProviders(ExchangeFlow.class)) {
            Optional<ExchangeRoute> route = flow.route(realm, List.of(target));
            if (route.isPresent()) {
                return route.get();
            }
        }
        throw ExchangeRefusal.invalidTarget("audience " + Echo.of(target) + " is not a known, enabled client or upstream of this realm");
    }

    /** The scope a sign-in through the agent would give: what was asked for, else the agent's default scopes and openid. */
    private static Scopes subjectTokenScopes(Request request) {
        if (request.scope() != null && !request.scope().isBlank()) {
            return Scopes.parseRequest(request.scope());
        }
        List<String> names = new ArrayList<>();
        names.add(OAuth2Constants.SCOPE_OPENID);
        request.agent().getClientScopes(true).values().stream()
                .filter(scope -> scope.isIncludeInTokenScope())
                .map(ClientScopeModel::getName).forEach(names::add);
        return Scopes.of(names);
    }

    private static AuthorizationDetails authorizationDetails(Request request) {
        String json = authorizationDetailsJson(request);
        return json == null ? AuthorizationDetails.none() : AuthorizationDetails.parse(json);
    }

    /** The {@code authorization_details} parameter a gateway would send for the form's tool, or {@code null} for none. */
    public static String authorizationDetailsJson(Request request) {
        if (request.tool() == null || request.tool().isBlank()) {
            return null;
        }
        Map<String, Object> detail = new ToolInvocation(request.tool().trim(),
                request.server() == null || request.server().isBlank() ? null : request.server().trim()).toDetail();
        return PolicyInput.json(List.of(detail));
    }

    /** The delegation claims of the token Keycloak would issue: who, acting for whom, for what, until when. */
    private Map<String, Object> localClaims(DelegationGrant grant, long now, AuthorizationDetails details) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", realmIssuer);
        claims.put("sub", grant.user().getId());
        claims.put("preferred_username", grant.user().getUsername());
        claims.put("aud", grant.targets());
        claims.put("azp", grant.client().getClientId());
        claims.put("act", grant.actorChain().toActClaim());
        if (!grant.allowedScopes().isEmpty()) {
            claims.put("scope", grant.allowedScopes().toString());
        }
        if (!details.isEmpty()) {
            claims.put("authorization_details", details.toClaim());
        }
        claims.put("iat", now);
        claims.put("exp", grant.expiresAt());
        return claims;
    }

    private static Map<String, Object> decision(PolicyDecision decision) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("outcome", decision.outcome().recorded());
        shown.put("engine", decision.engine());
        shown.put("reason", decision.reason());
        shown.put("maxLifetime", decision.maxLifetimeSeconds());
        shown.put("scopes", decision.scopes() == null ? null : decision.scopes().toString());
        shown.put("decisionId", decision.decisionId());
        return shown;
    }
}
