package dev.tokenbroker.policy;

import java.util.Set;

/**
 * A target's parsed policy settings: the engine that decides, and which user attributes go into the
 * input ({@code user-attributes}; none by default, so a policy sees only what it asks for).
 */
public record PolicySettings(PolicyEngine engine, Set<String> userAttributes) {

    public static final PolicySettings NONE = new PolicySettings(NoPolicy.INSTANCE, Set.of());

    public boolean decidesNothing() {
        return engine instanceof NoPolicy;
    }
}
