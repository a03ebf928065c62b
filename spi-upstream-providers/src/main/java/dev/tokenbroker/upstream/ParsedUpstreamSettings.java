package dev.tokenbroker.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.keycloak.component.ComponentModel;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;

/**
 * Parsed settings per upstream component, so an exchange does not re-parse and re-validate the
 * configuration (URIs, outbound policy, scope lists) every time.
 *
 * <p>Keycloak's realm cache hands out the same {@link ComponentModel} instance until the realm
 * changes; any change replaces the cached realm and every component instance with it. Entries are
 * therefore keyed by instance identity and held weakly: a changed component is a new instance and is
 * parsed afresh, and the old entry goes with the old instance. Settings that no longer validate are
 * not kept, so each exchange refuses them again.
 */
final class ParsedUpstreamSettings {

    private final Cache<ComponentModel, UpstreamSettings> byComponent = Caffeine.newBuilder()
            .weakKeys() // identity comparison, collected with the realm cache's instance
            .maximumSize(1_000)
            .build();

    /** The component's settings, validated as its platform's factory validates them on save. */
    UpstreamSettings of(ComponentModel component, UpstreamProviderFactory platform) {
        return byComponent.get(component, c -> UpstreamSettings.from(c, platform.callsTokenEndpoint()));
    }
}
