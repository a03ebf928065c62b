package dev.tokenbroker.policy;

import java.util.Objects;

/**
 * What a policy engine decided. An allow may narrow the grant (shorter lifetime, fewer scopes); a
 * deny carries the reason the policy chose to show the caller, nothing more of its internals.
 *
 * @param engine             which engine decided (for the audit record), e.g. {@code none}, {@code opa}
 * @param allowed            whether the exchange may go ahead
 * @param reason             why, as the policy put it; required for a deny
 * @param maxLifetimeSeconds cap on the issued token's lifetime, or {@code null} for no further cap
 * @param decisionId         the engine's id for this decision (OPA's {@code decision_id}), or {@code null}
 */
public record PolicyDecision(String engine, boolean allowed, String reason, Integer maxLifetimeSeconds, String decisionId) {

    public PolicyDecision {
        Objects.requireNonNull(engine, "engine");
        if (!allowed && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a deny needs a reason");
        }
        if (maxLifetimeSeconds != null && maxLifetimeSeconds < 1) {
            throw new IllegalArgumentException("maxLifetimeSeconds must be positive");
        }
    }

    public static PolicyDecision allow(String engine) {
        return new PolicyDecision(engine, true, null, null, null);
    }

    public static PolicyDecision deny(String engine, String reason) {
        return new PolicyDecision(engine, false, reason, null, null);
    }
}
