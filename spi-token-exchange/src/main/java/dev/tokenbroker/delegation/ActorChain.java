package dev.tokenbroker.delegation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered actors of a delegated token, current actor first.
 *
 * <p>RFC 8693 §4.1: "The outermost act claim represents the current actor while nested act claims
 * represent prior actors. The least recent actor is the most deeply nested." This type keeps the
 * actors as a list (index 0 = current) and renders them as that nesting.
 */
public final class ActorChain {

    private static final ActorChain EMPTY = new ActorChain(List.of());

    private final List<Actor> actors;

    private ActorChain(List<Actor> actors) {
        this.actors = List.copyOf(actors);
    }

    public static ActorChain empty() {
        return EMPTY;
    }

    /** A chain from actors listed current first. */
    public static ActorChain of(List<Actor> currentFirst) {
        return currentFirst.isEmpty() ? EMPTY : new ActorChain(currentFirst);
    }

    /**
     * Reads an {@code act} claim value as found in a verified token: a JSON object with a string
     * {@code sub} and optionally a nested {@code act}. Anything else is refused rather than guessed,
     * so a malformed chain cannot be laundered into a new token.
     *
     * @param actClaim the claim value as Jackson maps it ({@code Map}), or {@code null} for none
     * @param maxDepth how deep a chain is read before giving up (bounds work on hostile input)
     */
    public static ActorChain fromActClaim(Object actClaim, int maxDepth) {
        List<Actor> actors = new ArrayList<>();
        Object current = actClaim;
        while (current != null) {
            if (!(current instanceof Map<?, ?> node)) {
                throw new MalformedActClaimException("act must be a JSON object");
            }
            if (actors.size() >= maxDepth) {
                throw new MalformedActClaimException("act is nested deeper than " + maxDepth);
            }
            if (!(node.get("sub") instanceof String sub) || sub.isBlank()) {
                throw new MalformedActClaimException("act.sub must be a non-empty string");
            }
            actors.add(new Actor(sub));
            current = node.get("act");
        }
        return of(actors);
    }

    /** A new chain with {@code actor} as the current actor and this chain's actors as prior ones. */
    public ActorChain delegatedTo(Actor actor) {
        List<Actor> next = new ArrayList<>(actors.size() + 1);
        next.add(actor);
        next.addAll(actors);
        return new ActorChain(next);
    }

    public boolean isEmpty() {
        return actors.isEmpty();
    }

    public int depth() {
        return actors.size();
    }

    public boolean contains(Actor actor) {
        return actors.contains(actor);
    }

    /** The current actor, or {@code null} for an empty chain. */
    public Actor current() {
        return actors.isEmpty() ? null : actors.get(0);
    }

    /** Actors listed current first. */
    public List<Actor> actors() {
        return Collections.unmodifiableList(actors);
    }

    /** The {@code act} claim value: nested maps, least recent actor deepest; {@code null} if empty. */
    public Map<String, Object> toActClaim() {
        Map<String, Object> claim = null;
        for (int i = actors.size() - 1; i >= 0; i--) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("sub", actors.get(i).subject());
            if (claim != null) {
                node.put("act", claim);
            }
            claim = node;
        }
        return claim;
    }

    /** Actor subjects, current first: a stable key for the chain (e.g. in caches). */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>(actors.size());
        for (Actor actor : actors) {
            subjects.add(actor.subject());
        }
        return subjects;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActorChain other && actors.equals(other.actors);
    }

    @Override
    public int hashCode() {
        return actors.hashCode();
    }

    @Override
    public String toString() {
        return subjects().toString();
    }

    /** An {@code act} claim that is not a well-formed chain. */
    public static final class MalformedActClaimException extends RuntimeException {
        public MalformedActClaimException(String message) {
            super(message);
        }
    }
}
