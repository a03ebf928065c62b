package dev.tokenbroker.upstream.spi;

import java.util.Set;

import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import dev.tokenbroker.upstream.UpstreamProvider;

/** A platform type; its realm components (one per configured upstream) carry alias and settings. */
public interface UpstreamProviderFactory extends ComponentFactory<UpstreamProvider, UpstreamProvider> {

    /** Whether the platform has a token endpoint to call (Snowflake takes the assertion directly). */
    default boolean callsTokenEndpoint() {
        return true;
    }

    /**
     * The RFC 8693 token types a request may ask this platform for ({@code requested_token_type});
     * a request that asks for anything else is refused before the platform is called.
     */
    default Set<String> issuableTokenTypes(ComponentModel upstream) {
        return Set.of(UpstreamToken.ACCESS_TOKEN_TYPE);
    }
}
