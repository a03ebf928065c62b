package dev.tokenbroker.admin.spi;

import org.keycloak.provider.ProviderFactory;

/** Its id is the section's path segment, e.g. {@code upstreams}. */
public interface AdminSectionFactory extends ProviderFactory<AdminSection> {
}
