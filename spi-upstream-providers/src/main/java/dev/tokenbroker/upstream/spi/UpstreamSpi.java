package dev.tokenbroker.upstream.spi;

import dev.tokenbroker.keycloak.TokenBrokerSpi;
import dev.tokenbroker.upstream.UpstreamProvider;

/** Data platforms reached by federated exchange; instances are realm components of this type. */
public class UpstreamSpi extends TokenBrokerSpi {

    public static final String NAME = "tokenbroker-upstream";

    public UpstreamSpi() {
        super(NAME, UpstreamProvider.class, UpstreamProviderFactory.class);
    }
}
