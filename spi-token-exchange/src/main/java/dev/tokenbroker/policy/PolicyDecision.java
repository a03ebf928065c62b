package dev.tokenbroker.policy;

import java.util.Objects;

import dev.tokenbroker.delegation.Scopes;

/**
 * What a policy engine decided. An allow may narrow the grant (shorter lifetime, fewer scopes); a
 * deny carries the reason the policy chose to show the caller, nothing more of its internals. An
 * engine that could not decide (unreachable, timed out, answering nonsense) fails closed with
 * {@link Outcome#UNAVAILABLE}: no token, a retryable answer.
 *
 * @param engine             which engine decided (for the audit record): {@code none}, {@code builtin}, {@code opa}
 * @param outcome            allow, deny, or no decision to be had
 * @param reason             why, as the policy put it; required unless allowed
 * @param maxLifetimeSeconds cap on the issued token's lifetime, or {@code null} for no further cap
 * @param scopes             the most scopes the issued token may carry, or {@code null} for no narrowing
 * @param decisionId         the engine's id for this decision (OPA's {@code decision_id}), or {@code null}
 */
public record PolicyDecision(String engine, Outcome outcome, String reason, Integer maxLifetimeSeconds, Scopes scopes,
                             String decisionId) {

    public enum Outcome {
        ALLOW, DENY, UNAVAILABLE;

        /** The word the audit record uses. */
        public String recorded() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PolicyDecision {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.ALLOW && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a deny needs a reason");
        }
        if (maxLifetimeSeconds != null && maxLifetimeSeconds < 1) {
            throw new IllegalArgumentException("maxLifetimeSeconds must be positive");
        }
    }

    public static PolicyDecision allow(String engine) {
        return new PolicyDecision(engine, Outcome.ALLOW, null, null, null, null);
    }

    public static PolicyDecision deny(String engine, String reason) {
        return new PolicyDecision(engine, Outcome.DENY, reason, null, null, null);
    }

    /** The engine gave no decision; {@code reason} says why without secrets (e.g. "OPA timed out after 500 ms"). */
    public static PolicyDecision unavailable(String engine, String reason) {
        return new PolicyDecision(engine, Outcome.UNAVAILABLE, "policy unavailable: " + reason, null, null, null);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    public PolicyDecision withDecisionId(String id) {
        return new PolicyDecision(engine, outcome, reason, maxLifetimeSeconds, scopes, id);
    }

    /**
     * Both decisions together, for a grant several policies decide on (a token for several audiences):
     * refused if either refuses (the first refusal wins), else allowed with the shorter lifetime and the
     * scopes both allow.
     */
    public PolicyDecision and(PolicyDecision other) {
        if (!allowed()) {
            return this;
        }
        if (!other.allowed()) {
            return other;
        }
        Integer lifetime = maxLifetimeSeconds;
        if (lifetime == null || other.maxLifetimeSeconds != null && other.maxLifetimeSeconds < lifetime) {
            lifetime = other.maxLifetimeSeconds;
        }
        Scopes both = scopes == null ? other.scopes : other.scopes == null ? scopes : scopes.intersect(other.scopes);
        return new PolicyDecision(joined(engine, other.engine), Outcome.ALLOW, reason == null ? other.reason : reason,
                lifetime, both, joined(decisionId, other.decisionId));
    }

    /**
     * This decision applied to the scopes the grant would carry: an allow whose scopes leave none of
     * a non-empty grant becomes a deny, since a token without its scopes would let the target fall
     * back to its defaults, which may be wider than anything the policy meant.
     */
    public PolicyDecision appliedTo(Scopes granted) {
        if (!allowed() || scopes == null || granted.isEmpty() || !granted.intersect(scopes).isEmpty()) {
            return this;
        }
        return new PolicyDecision(engine, Outcome.DENY, "the policy allows none of the requested scopes", null, null, decisionId);
    }

    /** Both values, comma-separated, once if equal; {@code null} when neither is set. */
    private static String joined(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.equals(b) ? a : a + "," + b;
    }
}
