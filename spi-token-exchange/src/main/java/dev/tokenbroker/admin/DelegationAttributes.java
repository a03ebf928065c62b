package dev.tokenbroker.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.tool.AuthorizationDetailTypes;

/**
 * The checks of a client's {@code tokenbroker.*} attributes: its delegation settings, the
 * {@code authorization_details} types it may send, and its policy settings as an audience. One place
 * for Keycloak's client validator (client REST, console, dynamic registration) and the broker's
 * delegation page, so neither path lets through what the other refuses.
 */
public final class DelegationAttributes {

    public static final String PREFIX = "tokenbroker.";

    /** The keys a client may set, as field names of errors. */
    public static final List<String> KEYS = keys();

    private DelegationAttributes() {
    }

    /** Each problem of the attributes {@code attributes} looks up; empty when they are valid. */
    public static List<FieldError> problems(String clientId, UnaryOperator<String> attributes) {
        List<FieldError> problems = new ArrayList<>();
        try {
            // Realm defaults are checked where they are read; here only what the client itself sets.
            DelegationSettings.read(name -> null, attributes::apply);
        } catch (IllegalArgumentException invalid) {
            problems.add(FieldError.fromMessage(invalid.getMessage(), KEYS, DelegationSettings.PREFIX + "settings"));
        }
        try {
            AuthorizationDetailTypes.parse(attributes.apply(AuthorizationDetailTypes.ATTRIBUTE));
        } catch (IllegalArgumentException invalid) {
            problems.add(new FieldError(AuthorizationDetailTypes.ATTRIBUTE, invalid.getMessage()));
        }
        try {
            PolicyEngines.validate(PolicySettingsSource.client(clientId, attributes));
        } catch (IllegalArgumentException invalid) {
            problems.add(FieldError.fromMessage(invalid.getMessage(), KEYS, PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.ENGINE));
        }
        return problems;
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(List.of(DelegationSettings.ENABLED, DelegationSettings.IMPLICIT_ACTOR,
                DelegationSettings.ALLOWED_ACTORS, DelegationSettings.REQUIRE_MAY_ACT, DelegationSettings.MAX_LIFETIME,
                DelegationSettings.MAX_CHAIN_DEPTH, DelegationSettings.DEFAULT_AUDIENCE, AuthorizationDetailTypes.ATTRIBUTE));
        PolicyKeys.ALL.forEach(key -> keys.add(PolicySettingsSource.ATTRIBUTE_PREFIX + key));
        return List.copyOf(keys);
    }
}
