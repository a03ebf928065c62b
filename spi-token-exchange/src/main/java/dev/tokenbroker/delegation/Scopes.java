package dev.tokenbroker.delegation;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of OAuth scope tokens (RFC 6749 §3.3): space-delimited, case-sensitive, order kept as first
 * seen, duplicates dropped. The one way this project splits, compares and renders a {@code scope}.
 */
public final class Scopes {

    private static final Scopes NONE = new Scopes(Set.of());
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final Pattern SEPARATOR = Pattern.compile("[ \\t\\r\\n]+");

    private final Set<String> tokens;

    private Scopes(Set<String> tokens) {
        this.tokens = tokens;
    }

    public static Scopes none() {
        return NONE;
    }

    /**
     * Parses a {@code scope} value as found in tokens and configuration: lenient about whitespace,
     * {@code null} or blank is the empty set.
     */
    public static Scopes parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return NONE;
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String token : SEPARATOR.split(scope.trim())) {
            tokens.add(token);
        }
        return new Scopes(Collections.unmodifiableSet(tokens));
    }

    /**
     * Parses a {@code scope} request parameter strictly, as RFC 6749 §3.3 writes it.
     *
     * @throws IllegalArgumentException naming the problem, when a token has characters outside the grammar
     */
    public static Scopes parseRequest(String scope) {
        Scopes parsed = parse(scope);
        for (String token : parsed.tokens) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("scope has characters outside RFC 6749 section 3.3");
            }
        }
        return parsed;
    }

    public static Scopes of(Collection<String> tokens) {
        return tokens.isEmpty() ? NONE : new Scopes(Collections.unmodifiableSet(new LinkedHashSet<>(tokens)));
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public boolean contains(String token) {
        return tokens.contains(token);
    }

    /** The first of these tokens that {@code granted} does not hold, or {@code null} when all are held. */
    public String firstNotIn(Scopes granted) {
        for (String token : tokens) {
            if (!granted.contains(token)) {
                return token;
            }
        }
        return null;
    }

    public Scopes without(String token) {
        if (!tokens.contains(token)) {
            return this;
        }
        Set<String> rest = new LinkedHashSet<>(tokens);
        rest.remove(token);
        return of(rest);
    }

    /** The tokens of this set that {@code other} also holds, in this set's order. */
    public Scopes intersect(Scopes other) {
        Set<String> both = new LinkedHashSet<>(tokens);
        both.retainAll(other.tokens);
        return both.size() == tokens.size() ? this : of(both);
    }

    public Set<String> asSet() {
        return tokens;
    }

    /** The {@code scope} value: tokens joined by single spaces; empty string for none. */
    @Override
    public String toString() {
        return String.join(" ", tokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scopes other && tokens.equals(other.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
