package dev.tokenbroker.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 8707 §2 on the {@code resource} values of one request: each must be an absolute URI without a
 * fragment, and one the realm serves; when the grant already names resources (the authorization
 * request did), a token request may only ask for some of them. Every refusal is {@code invalid_target}.
 */
final class ResourceIndicators {

    static final String INVALID_TARGET = "invalid_target";

    private ResourceIndicators() {
    }

    /**
     * Why these values are refused, or empty when they may be served. {@code granted} empty: the grant
     * names no resource, so any the realm knows may be asked for.
     */
    static Optional<String> refusal(List<String> requested, Set<String> known, Set<String> granted) {
        for (String value : requested) {
            Optional<String> malformed = malformed(value);
            if (malformed.isPresent()) {
                return malformed;
            }
            if (!known.contains(value)) {
                return Optional.of("resource is not a resource server of this realm");
            }
            if (!granted.isEmpty() && !granted.contains(value)) {
                return Optional.of("resource was not named in the authorization request");
            }
        }
        return Optional.empty();
    }

    /** Why a value is not a resource indicator (RFC 8707 §2: absolute URI, no fragment), or empty if it is one. */
    static Optional<String> malformed(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("resource must not be empty");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("resource is not a URI");
        }
        if (!uri.isAbsolute()) {
            return Optional.of("resource must be an absolute URI");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("resource must not contain a fragment");
        }
        return Optional.empty();
    }

    /** The URIs of a space-separated attribute value. */
    static Set<String> split(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Set.of();
        }
        return Set.of(attribute.trim().split("\\s+"));
    }
}
