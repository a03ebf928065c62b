package dev.tokenbroker.exchange;

import java.util.List;

import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.Scopes;

/**
 * Narrows the access token Keycloak built for a delegation, after its mappers ran and before it is
 * signed: exactly the granted audience, no scope beyond the grant, no life beyond the grant, and the
 * delegation claims ({@code act}, RFC 8693 §4.1; {@code client_id}, §4.3). The one place a delegated
 * token of this realm is shaped.
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
     */
    record Limits(List<String> targets, Scopes allowedScopes, long expiresAt,
                  ActorChain actorChain, String clientId) {

        static Limits of(DelegationGrant grant) {
            return new Limits(grant.targets(), grant.allowedScopes(), grant.expiresAt(), grant.actorChain(),
                    grant.client().getClientId());
        }
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
    }
}
