package dev.tokenbroker.upstream;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.upstream.cache.UpstreamTokenCache;
import dev.tokenbroker.upstream.passthrough.PassthroughRoute;
import dev.tokenbroker.upstream.passthrough.PassthroughUpstreamFactory;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;

/**
 * Federated exchange: a delegation aimed at a configured upstream (by alias or resource URI) is
 * issued by that upstream's platform provider ({@link UpstreamRoute}); session passthrough, an upstream
 * of type {@code passthrough}, by {@link PassthroughRoute}. Both are upstreams (one directory, one alias
 * space, one admin page), and both are routes of the same pipeline.
 */
public final class UpstreamExchangeFlow implements ExchangeFlow {

    private final KeycloakSession session;
    private final UpstreamTokenCache cache;
    private final ParsedUpstreamSettings parsedSettings;

    UpstreamExchangeFlow(KeycloakSession session, UpstreamTokenCache cache, ParsedUpstreamSettings parsedSettings) {
        this.session = session;
        this.cache = cache;
        this.parsedSettings = parsedSettings;
    }

    @Override
    public Optional<ExchangeRoute> route(RealmModel realm, List<String> targets) {
        return UpstreamDirectory.selectedBy(realm, targets).map(component -> {
            UpstreamProviderFactory platform = (UpstreamProviderFactory) session.getKeycloakSessionFactory()
                    .getProviderFactory(UpstreamProvider.class, component.getProviderId());
            if (platform instanceof PassthroughUpstreamFactory) {
                return new PassthroughRoute(component); // nothing minted, nothing cached: the user's own stored token
            }
            return new UpstreamRoute(component, platform, cache, parsedSettings);
        });
    }
}
