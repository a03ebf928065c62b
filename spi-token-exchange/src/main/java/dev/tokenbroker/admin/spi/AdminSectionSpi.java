package dev.tokenbroker.admin.spi;

import dev.tokenbroker.keycloak.TokenBrokerSpi;

/** Sections of the broker's admin REST contributed by its other modules. */
public class AdminSectionSpi extends TokenBrokerSpi {

    public static final String NAME = "tokenbroker-admin-section";

    public AdminSectionSpi() {
        super(NAME, AdminSection.class, AdminSectionFactory.class);
    }
}
