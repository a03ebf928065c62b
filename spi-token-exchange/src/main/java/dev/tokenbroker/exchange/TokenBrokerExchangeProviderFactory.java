package dev.tokenbroker.exchange;

import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

import dev.tokenbroker.outbound.OutboundHttpClient;

import dev.tokenbroker.policy.PolicyEngines;

public class TokenBrokerExchangeProviderFactory implements TokenExchangeProviderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-delegation";

    private final UnlistedClientScopes unlistedScopes = new UnlistedClientScopes();
    private final DelegationClientPolicies clientPolicies = new DelegationClientPolicies();
    /** Parsed policy settings, shared by every request (bounded, keyed by the stored values). */
    private final PolicyEngines policyEngines = new PolicyEngines();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new TokenBrokerExchangeProvider(unlistedScopes, clientPolicies, policyEngines);
    }

    /**
     * Above Keycloak's standard exchange (10) so delegations and upstream exchanges reach us first
     * (everything else is handed on untouched), and above the {@code delegation} provider Keycloak
     * 26.8 adds (15), so a realm migrating keeps this behaviour until it removes our settings.
     */
    @Override
    public int order() {
        return 20;
    }

    /** Issuance is Keycloak's standard exchange narrowed, so it needs that feature on. */
    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.TOKEN_EXCHANGE_STANDARD_V2);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    /** The outbound client is the node's, shared with the upstream providers; the last user closes it (idempotent). */
    @Override
    public void close() {
        OutboundHttpClient.closeNode();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
