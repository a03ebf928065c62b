package dev.tokenbroker.exchange;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.services.CorsErrorResponseException;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.keycloak.DelegationPolicyExecutor;
import dev.tokenbroker.policy.KeycloakPolicyResources;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicyGate;
import dev.tokenbroker.policy.PolicySettingsSource;

/**
 * The broker on the realm's token endpoint: decides once per request whether a token exchange is a
 * delegation (RFC 8693 {@code act}) or aimed at an upstream, and runs those through the
 * {@link ExchangePipeline}; every other exchange goes to Keycloak's own providers untouched.
 *
 * <p>Keycloak creates one provider per request: {@link #supports} records what it learned in
 * {@link RequestFacts} and {@link #exchange} acts on it.
 */
final class TokenBrokerExchangeProvider implements TokenExchangeProvider {

    private final List<String> otherProviders;
    private final UnlistedClientScopes unlistedScopes;
    private final DelegationClientPolicies clientPolicies;
    private final PolicyEngines policyEngines;
    private RequestFacts facts;

    TokenBrokerExchangeProvider(UnlistedClientScopes unlistedScopes, DelegationClientPolicies clientPolicies,
                                PolicyEngines policyEngines, List<String> otherProviders) {
        this.otherProviders = otherProviders;
        this.unlistedScopes = unlistedScopes;
        this.clientPolicies = clientPolicies;
        this.policyEngines = policyEngines;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        facts = RequestFacts.of(context, clientPolicies);
        return facts.claimed();
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        DelegationSettings settings;
        try {
            settings = DelegationSettings.read(context.getRealm()::getAttribute, context.getClient()::getAttribute,
                    DelegationPolicyExecutor.policyFor(context.getSession()));
        } catch (IllegalArgumentException e) {
            // Fail closed on a misconfigured client rather than guessing what was meant.
            throw ExchangePipeline.refuse(context, ExchangeRefusal.unauthorizedClient(
                    "Delegation settings of this client are invalid: " + e.getMessage()));
        }
        if (!facts.delegates(settings)) {
            return passThrough(context);
        }
        PolicyGate policy = new PolicyGate(policyEngines, new KeycloakPolicyResources(context.getSession()),
                PolicySettingsSource.realm(context.getRealm()::getAttribute));
        return new ExchangePipeline(context, facts, unlistedScopes, policy).run(settings);
    }

    /**
     * Hands a request that turned out not to be a delegation to the providers Keycloak would have
     * chosen without us, exactly as its token endpoint chooses them.
     */
    private Response passThrough(TokenExchangeContext context) {
        KeycloakSession session = context.getSession();
        return otherProviders.stream()
                .map(id -> session.getProvider(TokenExchangeProvider.class, id))
                .filter(provider -> provider.supports(context))
                .findFirst()
                .orElseThrow(() -> unsupported(context))
                .exchange(context);
    }

    /** What Keycloak's token endpoint answers when no provider takes an exchange. */
    private static CorsErrorResponseException unsupported(TokenExchangeContext context) {
        String reason = context.getUnsupportedReason() == null ? "Token exchange is not supported for this request"
                : context.getUnsupportedReason();
        context.getEvent().detail(Details.REASON, reason).error(OAuthErrorException.INVALID_REQUEST);
        return new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, reason,
                Response.Status.BAD_REQUEST);
    }

    @Override
    public void close() {
    }
}
