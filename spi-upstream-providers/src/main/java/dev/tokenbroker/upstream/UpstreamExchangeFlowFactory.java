package dev.tokenbroker.upstream;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.ExchangeFlowFactory;
import dev.tokenbroker.outbound.OutboundHttpClient;
import dev.tokenbroker.upstream.cache.UpstreamTokenCache;

/**
 * Holds the node's upstream token cache. Size: {@code --spi-tokenbroker-exchange-flow--upstream--cache-max-entries}
 * (default 10,000 entries, a few MB). Closes the node's upstream HTTP client when the server stops.
 */
public class UpstreamExchangeFlowFactory implements ExchangeFlowFactory {

    public static final String PROVIDER_ID = "upstream";
    static final long DEFAULT_MAX_ENTRIES = 10_000;

    private static volatile UpstreamTokenCache cache;
    private final ParsedUpstreamSettings parsedSettings = new ParsedUpstreamSettings();

    @Override
    public ExchangeFlow create(KeycloakSession session) {
        return new UpstreamExchangeFlow(session, cache(), parsedSettings);
    }

    @Override
    public void init(Config.Scope config) {
        cache = new UpstreamTokenCache(config.getLong("cacheMaxEntries", DEFAULT_MAX_ENTRIES));
    }

    /** The node's cache, shared with the invalidator. */
    public static UpstreamTokenCache cache() {
        UpstreamTokenCache current = cache;
        if (current == null) {
            synchronized (UpstreamExchangeFlowFactory.class) {
                if (cache == null) {
                    cache = new UpstreamTokenCache(DEFAULT_MAX_ENTRIES);
                }
                current = cache;
            }
        }
        return current;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        OutboundHttpClient.closeNode();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
