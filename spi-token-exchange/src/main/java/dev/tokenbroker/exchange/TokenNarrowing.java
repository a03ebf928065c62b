package dev.tokenbroker.exchange;

import java.util.List;
import java.util.Map;

import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * Narrows the access token Keycloak built for a delegation, after its mappers ran and before it is
 * signed: exactly the granted audience, no scope beyond the grant, no life beyond the grant, and the
 * delegation claims ({@code act}, RFC 8693 §4.1; {@code client_id}, §4.3; {@code authorization_details},
 * RFC 9396 §9). The one place a delegated token of this realm is shaped.
 */
final class TokenNarrowing {

    private TokenNarrowing() {
    }

    /**
     * What the issued token may hold at most.
     *
     * @param targets       its audience, exactly
     * @param allowedScopes the most its {@code scope} may list
     * @param expiresAt     the latest {@code exp}
     * @param actorChain    its {@code act}
     * @param clientId      the requesting client, its {@code client_id}
     * @param authorizationDetails its {@code authorization_details} (the tool call it serves), or {@code null}
     */
    record Limits(List<String> targets, Scopes allowedScopes, long expiresAt,
                  ActorChain actorChain, String clientId, List<Map<String, Object>> authorizationDetails) {

        Limits(List<String> targets, Scopes allowedScopes, long expiresAt, ActorChain actorChain, String clientId) {
            this(targets, allowedScopes, expiresAt, actorChain, clientId, null);
        }

        static Limits of(DelegationGrant grant, AuthorizationDetails authorizationDetails) {
            return new Limits(grant.targets(), grant.allowedScopes(), grant.expiresAt(), grant.actorChain(),
                    grant.client().getClientId(), authorizationDetails.toClaim());
        }
    }

    /** Keycloak's own type for the {@code authorization_details} claim (RFC 9396 §9), so the claim is written once. */
    static List<AuthorizationDetailsJSONRepresentation> representations(List<Map<String, Object>> details) {
        return details == null ? null : details.stream()
                .map(detail -> JsonSerialization.mapper.convertValue(detail, AuthorizationDetailsJSONRepresentation.class))
                .toList();
    }

    static void apply(AccessToken token, Limits limits) {
        for (String target : limits.targets()) {
            // Keycloak's audience mappers decide which clients a client may address; the grant cannot add one.
            if (!token.hasAudience(target)) {
                throw ExchangeRefusal.invalidTarget("audience " + Echo.of(target) + " is not available to the requesting client");
            }
        }
        token.audience(limits.targets().toArray(String[]::new));
        String widened = Scopes.parse(token.getScope()).firstNotIn(limits.allowedScopes());
        if (widened != null) {
            throw ExchangeRefusal.invalidScope("scope " + Echo.of(widened) + " would exceed the scope of the subject_token");
        }
        if (token.getExp() == null || token.getExp() > limits.expiresAt()) {
            token.exp(limits.expiresAt());
        }
        token.getOtherClaims().put("act", limits.actorChain().toActClaim());
        token.getOtherClaims().put("client_id", limits.clientId());
        // Only what this exchange checked: never a value a mapper or the subject token brought along.
        token.setAuthorizationDetails(representations(limits.authorizationDetails()));
    }
}
