package dev.tokenbroker.upstream;

import org.keycloak.component.ComponentFactory;

/** A platform type; its realm components (one per configured upstream) carry alias and settings. */
public interface UpstreamProviderFactory extends ComponentFactory<UpstreamProvider, UpstreamProvider> {

    /** Whether the platform has a token endpoint to call (Snowflake takes the assertion directly). */
    default boolean callsTokenEndpoint() {
        return true;
    }
}
