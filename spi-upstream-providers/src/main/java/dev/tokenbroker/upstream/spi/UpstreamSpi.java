package dev.tokenbroker.upstream.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import dev.tokenbroker.upstream.UpstreamProvider;

/** Data platforms reached by federated exchange; instances are realm components of this type. */
public class UpstreamSpi implements Spi {

    public static final String NAME = "tokenbroker-upstream";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return UpstreamProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return UpstreamProviderFactory.class;
    }
}
