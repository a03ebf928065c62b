package dev.tokenbroker.tool;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which {@code authorization_details} types a client may send, from its attribute {@value #ATTRIBUTE}
 * (space- or comma-separated). None by default: a client that names no types has any
 * {@code authorization_details} refused, so a tool identity is only ever asserted by the clients
 * trusted to know it (the MCP gateway), never by whoever holds a token.
 */
public final class AuthorizationDetailTypes {

    public static final String ATTRIBUTE = "tokenbroker.authorization-details.types";
    /** The types the broker understands. */
    public static final Set<String> KNOWN = Set.of(ToolInvocation.TYPE);

    private AuthorizationDetailTypes() {
    }

    /**
     * The types the attribute allows.
     *
     * @throws IllegalArgumentException naming a type the broker does not know (checked when a client is saved)
     */
    public static Set<String> parse(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>(Arrays.asList(attribute.trim().split("[\\s,]+")));
        for (String type : types) {
            if (!KNOWN.contains(type)) {
                throw new IllegalArgumentException(ATTRIBUTE + " names unknown type '" + type + "'; known: " + KNOWN);
            }
        }
        return Set.copyOf(types);
    }

    /** The first type of {@code details} the client may not send, or {@code null} when all are allowed. */
    public static String firstNotAllowed(AuthorizationDetails details, String attribute) {
        Set<String> allowed;
        try {
            allowed = parse(attribute);
        } catch (IllegalArgumentException e) {
            // A setting that does not parse allows nothing (fail closed); saving such a client is refused.
            allowed = Set.of();
        }
        for (String type : details.types()) {
            if (!allowed.contains(type)) {
                return type;
            }
        }
        return null;
    }
}
