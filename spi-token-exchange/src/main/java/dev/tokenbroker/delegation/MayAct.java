package dev.tokenbroker.delegation;

import java.util.Map;

/**
 * The {@code may_act} claim of a subject token (RFC 8693 §4.4): the party the subject allows to act
 * for her. A token carrying it may only be exchanged with that party as the current actor.
 *
 * @param subject the permitted actor's {@code sub}
 * @param issuer  the permitted actor's issuer, or {@code null} when the claim does not name one
 */
public record MayAct(String subject, String issuer) {

    /**
     * Reads the claim value as Jackson maps it; {@code null} when absent.
     *
     * @throws ActorChain.MalformedActClaimException when present but not an object with a string {@code sub}
     */
    public static MayAct fromClaim(Object claim) {
        if (claim == null) {
            return null;
        }
        if (!(claim instanceof Map<?, ?> node) || !(node.get("sub") instanceof String sub) || sub.isBlank()) {
            throw new ActorChain.MalformedActClaimException("may_act must be a JSON object with a string sub");
        }
        Object iss = node.get("iss");
        if (iss != null && !(iss instanceof String)) {
            throw new ActorChain.MalformedActClaimException("may_act.iss must be a string");
        }
        return new MayAct(sub, (String) iss);
    }

    /** Whether {@code actor}, authenticated by {@code actorIssuer}, is the party this claim names. */
    public boolean permits(Actor actor, String actorIssuer) {
        return subject.equals(actor.subject()) && (issuer == null || issuer.equals(actorIssuer));
    }
}
