package dev.tokenbroker.exchange;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keycloak.protocol.oidc.TokenExchangeContext;

/**
 * An RFC 8693 request, checked for syntax only, parameter by parameter in the order of §2.1.
 * Meaning (is the token valid, may this client act) is checked later, by the exchange itself.
 *
 * @param targets the {@code audience} and {@code resource} values together (RFC 8707 resources are
 *                audiences identified by URI), in request order without duplicates
 */
public record ExchangeRequest(
        String subjectToken,
        String subjectTokenType,
        String actorToken,
        String actorTokenType,
        List<String> targets,
        String scope,
        String requestedTokenType) {

    public static ExchangeRequest parse(TokenExchangeContext.Params params) {
        // resource (OPTIONAL, RFC 8707: absolute URI without fragment)
        List<String> resources = nonNull(params.getResource());
        for (String resource : resources) {
            if (!isAbsoluteUriWithoutFragment(resource)) {
                throw ExchangeRefusal.invalidTarget("resource must be an absolute URI without a fragment");
            }
        }
        // audience (OPTIONAL)
        Set<String> targets = new LinkedHashSet<>();
        for (String audience : nonNull(params.getAudience())) {
            if (audience.isBlank()) {
                throw ExchangeRefusal.invalidTarget("audience must not be empty");
            }
            targets.add(audience);
        }
        targets.addAll(resources);
        // scope (OPTIONAL)
        String scope = params.getScope();
        if (scope != null && scope.isBlank()) {
            scope = null;
        }
        // requested_token_type (OPTIONAL)
        String requestedTokenType = params.getRequestedTokenType();
        // subject_token (REQUIRED)
        String subjectToken = params.getSubjectToken();
        if (subjectToken == null || subjectToken.isBlank()) {
            throw ExchangeRefusal.invalidRequest("subject_token is required");
        }
        // subject_token_type (REQUIRED)
        String subjectTokenType = params.getSubjectTokenType();
        if (subjectTokenType == null || subjectTokenType.isBlank()) {
            throw ExchangeRefusal.invalidRequest("subject_token_type is required");
        }
        if (!TokenTypes.ACCEPTED_INPUT.contains(subjectTokenType)) {
            throw ExchangeRefusal.invalidRequest("subject_token_type is not supported; use " + TokenTypes.ACCESS_TOKEN);
        }
        // actor_token (OPTIONAL) and actor_token_type (REQUIRED when actor_token is present, else MUST NOT be)
        String actorToken = blankToNull(params.getActorToken());
        String actorTokenType = blankToNull(params.getActorTokenType());
        if (actorToken != null && actorTokenType == null) {
            throw ExchangeRefusal.invalidRequest("actor_token_type is required when actor_token is present");
        }
        if (actorToken == null && actorTokenType != null) {
            throw ExchangeRefusal.invalidRequest("actor_token_type must not be sent without actor_token");
        }
        if (actorTokenType != null && !TokenTypes.ACCEPTED_INPUT.contains(actorTokenType)) {
            throw ExchangeRefusal.invalidRequest("actor_token_type is not supported; use " + TokenTypes.ACCESS_TOKEN);
        }
        return new ExchangeRequest(subjectToken, subjectTokenType, actorToken, actorTokenType,
                List.copyOf(targets), scope, requestedTokenType);
    }

    public boolean hasActorToken() {
        return actorToken != null;
    }

    /** Requested scope names, in request order; empty when no {@code scope} was sent. */
    public List<String> scopes() {
        return scope == null ? List.of() : List.of(scope.trim().split("\\s+"));
    }

    private static boolean isAbsoluteUriWithoutFragment(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return uri.isAbsolute() && uri.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
