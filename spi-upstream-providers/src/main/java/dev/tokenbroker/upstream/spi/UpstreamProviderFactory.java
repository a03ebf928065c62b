package dev.tokenbroker.upstream.spi;

import java.util.List;
import java.util.Set;

import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.admin.FieldError;
import dev.tokenbroker.upstream.UpstreamProvider;

/** A platform type; its realm components (one per configured upstream) carry alias and settings. */
public interface UpstreamProviderFactory extends ComponentFactory<UpstreamProvider, UpstreamProvider> {

    /**
     * Every problem a save of {@code model} would be refused for, per field, without saving; the same
     * checks {@link #validateConfiguration} runs (which throws the first) on create, update and import.
     */
    List<FieldError> problems(KeycloakSession session, RealmModel realm, ComponentModel model);

    /** The keys of this type's settings, as its configuration properties name them. */
    default List<String> settingKeys() {
        List<String> keys = new java.util.ArrayList<>();
        keys.add(dev.tokenbroker.upstream.InvalidSetting.ALIAS);
        getConfigProperties().forEach(property -> keys.add(property.getName()));
        return keys;
    }

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
