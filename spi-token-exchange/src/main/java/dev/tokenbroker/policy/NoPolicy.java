package dev.tokenbroker.policy;

/** The engine of a target and realm that configure none: everything that passed validation is allowed, nothing narrowed. */
public final class NoPolicy implements PolicyEngine {

    public static final String NAME = "none";
    public static final NoPolicy INSTANCE = new NoPolicy();

    private NoPolicy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision decide(PolicyInput input, PolicyResources resources) {
        return PolicyDecision.allow(NAME);
    }
}
