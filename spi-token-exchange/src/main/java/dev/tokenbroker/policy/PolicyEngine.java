package dev.tokenbroker.policy;

/**
 * One way of deciding an exchange: no policy, the built-in rules, or OPA. Instances are parsed once
 * from their settings and shared across requests, so they hold no per-request state.
 */
public interface PolicyEngine {

    /** {@code none}, {@code builtin} or {@code opa}: what the audit record names as the engine. */
    String name();

    /**
     * Decides; never throws for anything the engine's answer or the network does (fail closed with
     * {@link PolicyDecision#unavailable} instead).
     */
    PolicyDecision decide(PolicyInput input, PolicyResources resources);
}
