package dev.tokenbroker.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyGate;
import dev.tokenbroker.suspension.KillSwitch;
import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.tool.AuthorizationDetailTypes;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * One delegation request, every route: parse → client may delegate → authenticate subject and actor →
 * route → scope and lifetime → policy decision → issue → record. The policy gate and the audit record
 * are steps of this pipeline, not of the routes, so no route can skip them; the record is written
 * exactly once, allowed or refused.
 */
final class ExchangePipeline {

    private final TokenExchangeContext context;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final RequestFacts facts;
    private final UnlistedClientScopes unlistedScopes;
    private final PolicyGate policy;
    private final ExchangeRecord record;

    ExchangePipeline(TokenExchangeContext context, RequestFacts facts, UnlistedClientScopes unlistedScopes, PolicyGate policy) {
        this.context = context;
        this.session = context.getSession();
        this.realm = context.getRealm();
        this.client = context.getClient();
        this.facts = facts;
        this.unlistedScopes = unlistedScopes;
        this.policy = policy;
        this.record = new ExchangeRecord(context.getEvent(), context.getCors(), context.getHeaders());
    }

    /** A request refused before the pipeline could start (e.g. unreadable settings), recorded like any other. */
    static CorsErrorResponseException refuse(TokenExchangeContext context, ExchangeRefusal refusal) {
        ExchangeRecord record = new ExchangeRecord(context.getEvent(), context.getCors(), context.getHeaders());
        record.requestingClient(context.getClient().getClientId());
        return record.refused(refusal);
    }

    Response run(DelegationSettings settings) {
        record.requestingClient(client.getClientId());
        try {
            ExchangeRequest request = ExchangeRequest.parse(context.getFormParams());
            record.authorizationDetails(request.authorizationDetails());
            requireClientMayDelegate(settings);
            requireAuthorizationDetailTypesAllowed(request.authorizationDetails());

            RealmTokenVerifier verifier = new RealmTokenVerifier(session, realm, context.getClientConnection(), context.getHeaders());
            AuthResult subject = verifier.verifySubject(request.subjectToken());
            AccessToken subjectToken = subject.token();
            record.subject(subject.user(), subjectToken.getSessionId() == null ? null : subject.session(), subjectToken.getIssuedFor());
            requireHeldByRequestingClient(subjectToken);
            refuseSenderConstrained(subjectToken);
            ActorResolver.Resolution actors = new ActorResolver(settings, verifier, this::clientInternalId).resolve(request, subjectToken);
            record.actors(actors.chain(), actors.actor());

            request = withTarget(request, settings);
            ExchangeRoute route = routeFor(request.targets());
            record.route(route);
            if (!route.canIssue(request.requestedTokenType())) {
                throw ExchangeRefusal.invalidRequest("requested_token_type " + Echo.of(request.requestedTokenType())
                        + " cannot be issued for this " + (LocalDelegationRoute.FLOW.equals(route.flow()) ? "audience" : "upstream"));
            }
            Scopes scopes = route.scopes(request.scopes(), Scopes.parse(subjectToken.getScope()));
            long now = Time.currentTime();
            DelegationGrant grant = new DelegationGrant(client, subject.user(), subject.session(), subjectToken, actors.chain(),
                    request.targets(), scopes, Math.min(now + settings.maxLifetimeSeconds(), subjectToken.getExp()));

            Suspension suspension = KillSwitch.stopping(realm, subject.user().getId(), client.getClientId(), actors.chain().subjects());
            if (suspension != null) {
                record.decision(PolicyDecision.deny(KillSwitch.ENGINE, "suspended"), 0);
                throw ExchangeRefusal.accessDenied(KillSwitch.describe(suspension,
                        suspension.subject().equals(subject.user().getId()) ? subject.user().getUsername() : null));
            }
            PolicyDecision decision = decide(route, grant, actors.actor(), request, now);
            if (decision.maxLifetimeSeconds() != null) {
                grant = grant.expiringBy(now + decision.maxLifetimeSeconds());
            }
            if (decision.scopes() != null) {
                grant = grant.withScopesWithin(decision.scopes());
                request = request.withScopesWithin(decision.scopes());
            }

            Response issued = route.issue(new FlowRequest(session, realm, verifier.realmIssuer(), grant, request, record));
            return record.allowed(issued);
        } catch (ExchangeRefusal refusal) {
            throw record.refused(refusal);
        } catch (CorsErrorResponseException keycloakRefusal) {
            throw record.refused(keycloakRefusal);
        } catch (RuntimeException unexpected) {
            record.failed(unexpected);
            throw unexpected;
        }
    }

    /**
     * The policy step, for every route before anything is minted or forwarded: a deny is RFC 6749
     * {@code access_denied} with the policy's reason; an engine that could not decide fails closed as
     * {@code temporarily_unavailable} (503), since the caller's request may well be allowed once the
     * engine is back, and a final-sounding deny would be a lie.
     */
    private PolicyDecision decide(ExchangeRoute route, DelegationGrant grant, ActorIdentity actor, ExchangeRequest request, long now) {
        long started = System.nanoTime();
        PolicyDecision decision = policy.decide(route.policySettings(), userAttributes -> PolicyInputs.of(record.correlationId(),
                Instant.ofEpochSecond(now), realm.getName(), context.getClientConnection().getRemoteAddr(), grant, actor, route,
                request.authorizationDetails(), userAttributes)).appliedTo(grant.allowedScopes());
        record.decision(decision, System.nanoTime() - started);
        if (decision.outcome() == PolicyDecision.Outcome.DENY) {
            throw ExchangeRefusal.accessDenied(decision.reason());
        }
        if (decision.outcome() == PolicyDecision.Outcome.UNAVAILABLE) {
            throw ExchangeRefusal.temporarilyUnavailable(decision.reason());
        }
        return decision;
    }

    /** RFC 6749 §5.2 {@code unauthorized_client}: public clients cannot be held to what they are issued. */
    private void requireClientMayDelegate(DelegationSettings settings) {
        if (client.isPublicClient()) {
            throw ExchangeRefusal.unauthorizedClient("Public clients may not perform token exchange");
        }
        if (!settings.enabled()) {
            throw ExchangeRefusal.unauthorizedClient("Client is not allowed to perform delegation exchanges");
        }
    }

    /**
     * RFC 9396 §5 {@code invalid_authorization_details}: only types this client is configured to send
     * ({@value AuthorizationDetailTypes#ATTRIBUTE}); none by default, so a tool identity is asserted
     * only by the clients trusted to know it.
     */
    private void requireAuthorizationDetailTypesAllowed(AuthorizationDetails details) {
        String notAllowed = AuthorizationDetailTypes.firstNotAllowed(details, client.getAttribute(AuthorizationDetailTypes.ATTRIBUTE));
        if (notAllowed != null) {
            throw ExchangeRefusal.invalidAuthorizationDetails("authorization_details type '" + notAllowed
                    + "' is not allowed for this client");
        }
    }

    /** The requesting client must be the client the subject token was issued to or one of its audiences (by id or resource URI). */
    private void requireHeldByRequestingClient(AccessToken subjectToken) {
        if (!SubjectTokenHolder.holds(client.getClientId(), client.getAttribute(SubjectTokenHolder.RESOURCE_URI),
                subjectToken.getIssuedFor(), subjectToken.getAudience())) {
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
     * Without {@code audience} or {@code resource}, the client's configured default audience, or a
     * refusal: never the widest token the client's mappers would produce. (Keycloak drops an
     * oversized form parameter, so "no audience" can also be an attacker's doing.)
     */
    private ExchangeRequest withTarget(ExchangeRequest request, DelegationSettings settings) {
        if (!request.targets().isEmpty()) {
            return request;
        }
        if (settings.defaultAudience() == null) {
            throw ExchangeRefusal.invalidTarget("audience or resource is required: this client has no default audience ("
                    + DelegationSettings.DEFAULT_AUDIENCE + ")");
        }
        return request.withTarget(settings.defaultAudience());
    }

    /**
     * Clients of this realm are delegated to locally; anything else must be exactly one target that a
     * flow serves (upstream aliases never collide with client ids).
     */
    private ExchangeRoute routeFor(List<String> targets) {
        List<ClientModel> audiences = new ArrayList<>();
        for (String target : targets) {
            ClientModel audience = realm.getClientByClientId(target);
            if (audience != null) {
                if (!audience.isEnabled()) {
                    throw ExchangeRefusal.invalidTarget("audience " + Echo.of(target) + " is not a known, enabled client of this realm");
                }
                audiences.add(audience);
            }
        }
        if (audiences.size() == targets.size()) {
            return new LocalDelegationRoute(context, audiences, unlistedScopes);
        }
        if (facts.upstream() == null) {
            String unknown = targets.stream().filter(target -> realm.getClientByClientId(target) == null).findFirst().orElseThrow();
            throw ExchangeRefusal.invalidTarget("audience " + Echo.of(unknown) + " is not a known, enabled client or upstream of this realm");
        }
        if (targets.size() != 1) {
            throw ExchangeRefusal.invalidTarget("an upstream exchange names exactly one audience or resource");
        }
        return facts.upstream();
    }

    private String clientInternalId(String clientId) {
        ClientModel actor = realm.getClientByClientId(clientId);
        return actor == null ? null : actor.getId();
    }
}
