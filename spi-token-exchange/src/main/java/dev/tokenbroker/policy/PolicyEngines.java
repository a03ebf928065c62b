package dev.tokenbroker.policy;

import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tokenbroker.policy.builtin.BuiltInRules;
import dev.tokenbroker.policy.opa.OpaPolicyEngine;

/**
 * Parses policy settings into engines, once per distinct configuration: the cache is keyed by the
 * stored values themselves, so a changed setting is a new key (parsed on first use) and an unchanged
 * one costs a lookup, whichever model instance it was read from. Bounded; settings that do not parse
 * are remembered as such and refused on every exchange.
 */
public final class PolicyEngines {

    public static final String NONE = NoPolicy.NAME;
    public static final String BUILTIN = BuiltInRules.NAME;
    public static final String OPA = OpaPolicyEngine.NAME;

    private final Cache<PolicyConfig, Object> parsed = Caffeine.newBuilder().maximumSize(1_000).build();

    /**
     * The settings' engine.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public PolicySettings of(PolicyConfig config) {
        Object result = parsed.get(config, PolicyEngines::parseOrProblem);
        if (result instanceof PolicySettings settings) {
            return settings;
        }
        throw new IllegalArgumentException((String) result);
    }

    /** Parses without caching (for validation on save). */
    public static PolicySettings parse(PolicyConfig config) {
        java.util.Set<String> userAttributes = SettingValues.words(config.userAttributes());
        String engine = config.engine().toLowerCase(Locale.ROOT);
        return switch (engine) {
            case NONE -> new PolicySettings(NoPolicy.INSTANCE, userAttributes);
            case BUILTIN -> new PolicySettings(BuiltInRules.parse(config), userAttributes);
            case OPA -> new PolicySettings(OpaPolicyEngine.parse(config), userAttributes);
            default -> throw new IllegalArgumentException(PolicyConfig.ENGINE + " must be none, builtin or opa");
        };
    }

    /**
     * Checks the settings stored at {@code source} (what a save hook calls).
     *
     * @throws IllegalArgumentException naming the setting with its full key
     */
    public static void validate(PolicySettingsSource source) {
        PolicyConfig config = PolicyConfig.read(source);
        if (config == null) {
            return;
        }
        try {
            parse(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.prefix() + e.getMessage(), e);
        }
    }

    private static Object parseOrProblem(PolicyConfig config) {
        try {
            return parse(config);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
