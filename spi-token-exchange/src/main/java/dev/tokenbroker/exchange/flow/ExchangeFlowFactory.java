package dev.tokenbroker.exchange.flow;

import org.keycloak.provider.ProviderFactory;

public interface ExchangeFlowFactory extends ProviderFactory<ExchangeFlow> {
}
