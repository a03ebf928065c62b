package dev.tokenbroker.resource;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** The "Resource indicators (RFC 8707)" executor offered in the admin console's client profiles. */
public class ResourceIndicatorExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-resource-indicators";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ResourceIndicatorExecutor(session);
    }

    @Override
    public String getHelpText() {
        return "RFC 8707: a resource parameter must name a URI some client of the realm serves (its tokenbroker.resource-uri), "
                + "else invalid_target; the access token's aud then contains it. Authorization code and refresh token grants.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
