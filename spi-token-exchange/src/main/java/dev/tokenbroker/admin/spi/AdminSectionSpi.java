package dev.tokenbroker.admin.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Sections of the broker's admin REST contributed by its other modules. */
public class AdminSectionSpi implements Spi {

    public static final String NAME = "tokenbroker-admin-section";

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
        return AdminSection.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AdminSectionFactory.class;
    }
}
