package dev.tokenbroker.exchange.flow;

import dev.tokenbroker.keycloak.TokenBrokerSpi;

/** The SPI through which issuing flows (federated exchange and others) plug into the exchange. */
public class ExchangeFlowSpi extends TokenBrokerSpi {

    public static final String NAME = "tokenbroker-exchange-flow";

    public ExchangeFlowSpi() {
        super(NAME, ExchangeFlow.class, ExchangeFlowFactory.class);
    }
}
