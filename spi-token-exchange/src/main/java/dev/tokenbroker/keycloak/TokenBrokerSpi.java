package dev.tokenbroker.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * An SPI of the broker's own: a subclass names it and its provider and factory types, and is listed in
 * {@code META-INF/services/org.keycloak.provider.Spi} (Keycloak creates it there, so it needs a public
 * constructor without arguments).
 */
public abstract class TokenBrokerSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> providerFactoryClass;

    protected TokenBrokerSpi(String name, Class<? extends Provider> providerClass,
                             @SuppressWarnings("rawtypes") Class<? extends ProviderFactory> providerFactoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.providerFactoryClass = providerFactoryClass;
    }

    /**
     * Not internal: the broker's other modules implement these SPIs, and Keycloak warns at every start
     * (KC-SERVICES0047, "internal and may change without notice") about each provider outside its own
     * code that implements an internal one.
     */
    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return providerFactoryClass;
    }
}
