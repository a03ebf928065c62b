package dev.tokenbroker.exchange;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whether the requesting client holds the subject token it presents: the token was issued to it
 * ({@code azp}), or it is an audience — by client id, or by one of the resource URIs it serves.
 *
 * <p>The URIs are the client attribute {@value #RESOURCE_URI} (space-separated). An MCP client asks
 * for a token with RFC 8707 {@code resource} = the gateway's canonical URI, and the MCP spec has the
 * gateway check {@code aud} against that URI, so the token may name the gateway only by URI (Keycloak's
 * {@code resource-indicators} feature even replaces {@code aud} with it). Only the client configured
 * to serve that URI may then exchange the token; any other client still needs its id in {@code aud}.
 */
final class SubjectTokenHolder {

    static final String RESOURCE_URI = "tokenbroker.resource-uri";

    private SubjectTokenHolder() {
    }

    static boolean holds(String clientId, String resourceUris, String issuedFor, String[] audiences) {
        if (clientId.equals(issuedFor)) {
            return true;
        }
        List<String> aud = audiences == null ? List.of() : Arrays.asList(audiences);
        if (aud.contains(clientId)) {
            return true;
        }
        return resourceUris(resourceUris).stream().anyMatch(aud::contains);
    }

    static Set<String> resourceUris(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Set.of();
        }
        return Set.of(attribute.trim().split("\\s+"));
    }
}
