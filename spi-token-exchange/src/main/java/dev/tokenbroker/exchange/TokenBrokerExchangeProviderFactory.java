package dev.tokenbroker.exchange;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderFactory;

import dev.tokenbroker.outbound.OutboundHttpClient;

import dev.tokenbroker.policy.PolicyEngines;

public class TokenBrokerExchangeProviderFactory implements TokenExchangeProviderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-delegation";

    private final UnlistedClientScopes unlistedScopes = new UnlistedClientScopes();
    private final DelegationClientPolicies clientPolicies = new DelegationClientPolicies();
    /** Parsed policy settings, shared by every request (bounded, keyed by the stored values). */
    private final PolicyEngines policyEngines = new PolicyEngines();
    /** Keycloak's other exchange providers, highest order first: where a non-delegation is handed on. */
    private List<String> otherProviders = List.of();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new TokenBrokerExchangeProvider(unlistedScopes, clientPolicies, policyEngines, otherProviders);
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

    /** The provider set is fixed once the server has started: ordered once here, not per request. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        otherProviders = factory.getProviderFactoriesStream(TokenExchangeProvider.class)
                .filter(other -> !PROVIDER_ID.equals(other.getId()))
                .sorted((a, b) -> Integer.compare(b.order(), a.order()))
                .map(ProviderFactory::getId)
                .toList();
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
