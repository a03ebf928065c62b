package dev.tokenbroker.policy;

import java.util.function.UnaryOperator;

/**
 * Where one target's policy settings are stored: realm attributes (the realm default), an audience
 * client's attributes, or an upstream component's configuration. Keys are the same everywhere after
 * the prefix: {@code tokenbroker.policy.engine} on a realm or client is {@code policy.engine} on a component.
 *
 * @param description how error messages name the place, e.g. {@code upstream 'databricks'}
 * @param prefix      what stands before each key
 * @param lookup      the stored value of a full key, or {@code null}
 */
public record PolicySettingsSource(String description, String prefix, UnaryOperator<String> lookup) {

    /** Realm and client attributes. */
    public static final String ATTRIBUTE_PREFIX = "tokenbroker.policy.";
    /** Upstream component configuration. */
    public static final String COMPONENT_PREFIX = "policy.";

    public static PolicySettingsSource realm(UnaryOperator<String> attributes) {
        return new PolicySettingsSource("the realm", ATTRIBUTE_PREFIX, attributes);
    }

    public static PolicySettingsSource client(String clientId, UnaryOperator<String> attributes) {
        return new PolicySettingsSource("audience '" + clientId + "'", ATTRIBUTE_PREFIX, attributes);
    }

    public static PolicySettingsSource component(String alias, UnaryOperator<String> config) {
        return new PolicySettingsSource("upstream '" + alias + "'", COMPONENT_PREFIX, config);
    }

    /** The value of a key (without prefix), trimmed; {@code null} when unset or blank. */
    public String get(String key) {
        String value = lookup.apply(prefix + key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
