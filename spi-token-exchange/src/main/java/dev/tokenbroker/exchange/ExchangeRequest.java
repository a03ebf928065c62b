package dev.tokenbroker.exchange;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * An RFC 8693 request, checked for syntax only, parameter by parameter in the order of §2.1, each
 * failure one refusal. Meaning (is the token valid, may this client act, can the target issue the
 * requested type) is checked later by the pipeline.
 *
 * @param targets the {@code audience} and {@code resource} values together (RFC 8707 resources are
 *                audiences identified by URI), in request order without duplicates
 * @param authorizationDetails RFC 9396 {@code authorization_details} (the tool the exchange serves), or none
 */
public record ExchangeRequest(
        String subjectToken,
        String subjectTokenType,
        String actorToken,
        String actorTokenType,
        List<String> targets,
        Scopes scopes,
        AuthorizationDetails authorizationDetails,
        String requestedTokenType) {

    /** Parameters of Keycloak's impersonation and cross-issuer exchanges, which delegation never takes. */
    private static final List<String> NOT_DELEGATION = List.of(OAuth2Constants.REQUESTED_SUBJECT,
            OAuth2Constants.REQUESTED_ISSUER, OAuth2Constants.SUBJECT_ISSUER);

    public static ExchangeRequest parse(MultivaluedMap<String, String> form) {
        for (String parameter : NOT_DELEGATION) {
            if (form.getFirst(parameter) != null) {
                throw ExchangeRefusal.invalidRequest(parameter + " is not supported: delegation keeps the subject and records the actor");
            }
        }
        // resource (OPTIONAL, RFC 8707 §2: absolute URI without a fragment)
        List<String> resources = values(form, OAuth2Constants.RESOURCE);
        for (String resource : resources) {
            if (!isAbsoluteUriWithoutFragment(resource)) {
                throw ExchangeRefusal.invalidTarget("resource must be an absolute URI without a fragment, got " + Echo.of(resource));
            }
        }
        // audience (OPTIONAL)
        Set<String> targets = new LinkedHashSet<>();
        for (String audience : values(form, OAuth2Constants.AUDIENCE)) {
            if (audience.isBlank()) {
                throw ExchangeRefusal.invalidTarget("audience must not be empty");
            }
            targets.add(audience);
        }
        targets.addAll(resources);
        // scope (OPTIONAL, RFC 6749 §3.3 syntax)
        Scopes scopes;
        try {
            scopes = Scopes.parseRequest(form.getFirst(OAuth2Constants.SCOPE));
        } catch (IllegalArgumentException e) {
            throw ExchangeRefusal.invalidScope(e.getMessage());
        }
        // authorization_details (OPTIONAL, RFC 9396 §2: a JSON array of typed objects; §5: unknown types refused)
        AuthorizationDetails authorizationDetails;
        try {
            authorizationDetails = AuthorizationDetails.parse(form.getFirst(AuthorizationDetails.PARAMETER));
        } catch (AuthorizationDetails.InvalidAuthorizationDetailsException e) {
            throw ExchangeRefusal.invalidAuthorizationDetails(e.getMessage());
        }
        // requested_token_type (OPTIONAL): a token type identifier (§3), which is a URI
        String requestedTokenType = blankToNull(form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE));
        if (requestedTokenType != null && !isAbsoluteUriWithoutFragment(requestedTokenType)) {
            throw ExchangeRefusal.invalidRequest("requested_token_type must be a token type identifier (RFC 8693 section 3), got "
                    + Echo.of(requestedTokenType));
        }
        // subject_token (REQUIRED)
        String subjectToken = blankToNull(form.getFirst(OAuth2Constants.SUBJECT_TOKEN));
        if (subjectToken == null) {
            throw ExchangeRefusal.invalidRequest("subject_token is required");
        }
        // subject_token_type (REQUIRED)
        String subjectTokenType = blankToNull(form.getFirst(OAuth2Constants.SUBJECT_TOKEN_TYPE));
        if (subjectTokenType == null) {
            throw ExchangeRefusal.invalidRequest("subject_token_type is required");
        }
        if (!TokenTypes.ACCEPTED_INPUT.contains(subjectTokenType)) {
            throw ExchangeRefusal.invalidRequest("subject_token_type is not supported; use " + OAuth2Constants.ACCESS_TOKEN_TYPE);
        }
        // actor_token (OPTIONAL) and actor_token_type (REQUIRED when actor_token is present, else MUST NOT be)
        String actorToken = blankToNull(form.getFirst(OAuth2Constants.ACTOR_TOKEN));
        String actorTokenType = blankToNull(form.getFirst(OAuth2Constants.ACTOR_TOKEN_TYPE));
        if (actorToken != null && actorTokenType == null) {
            throw ExchangeRefusal.invalidRequest("actor_token_type is required when actor_token is present");
        }
        if (actorToken == null && actorTokenType != null) {
            throw ExchangeRefusal.invalidRequest("actor_token_type must not be sent without actor_token");
        }
        if (actorTokenType != null && !TokenTypes.ACCEPTED_INPUT.contains(actorTokenType)) {
            throw ExchangeRefusal.invalidRequest("actor_token_type is not supported; use " + OAuth2Constants.ACCESS_TOKEN_TYPE);
        }
        return new ExchangeRequest(subjectToken, subjectTokenType, actorToken, actorTokenType,
                List.copyOf(targets), scopes, authorizationDetails, requestedTokenType);
    }

    public boolean hasActorToken() {
        return actorToken != null;
    }

    /** The same request aimed at {@code audience}, for a client's configured default audience. */
    ExchangeRequest withTarget(String audience) {
        return new ExchangeRequest(subjectToken, subjectTokenType, actorToken, actorTokenType, List.of(audience),
                scopes, authorizationDetails, requestedTokenType);
    }

    /** The same request asking for no more than {@code allowed} (a policy narrowed the scopes). */
    public ExchangeRequest withScopesWithin(Scopes allowed) {
        Scopes narrowed = scopes.intersect(allowed);
        return narrowed.equals(scopes) ? this : new ExchangeRequest(subjectToken, subjectTokenType, actorToken, actorTokenType,
                targets, narrowed, authorizationDetails, requestedTokenType);
    }

    /** RFC 8707 §2 (and RFC 9396 URIs): an absolute URI without a fragment. */
    public static boolean isAbsoluteUriWithoutFragment(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> values(MultivaluedMap<String, String> form, String name) {
        List<String> values = form.get(name);
        return values == null ? List.of() : values;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
