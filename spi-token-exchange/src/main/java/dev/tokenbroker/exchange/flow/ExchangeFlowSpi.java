package dev.tokenbroker.exchange.flow;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI through which issuing flows (federated exchange and others) plug into the exchange. */
public class ExchangeFlowSpi implements Spi {

    public static final String NAME = "tokenbroker-exchange-flow";

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
        return ExchangeFlow.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ExchangeFlowFactory.class;
    }
}
