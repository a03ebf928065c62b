package dev.tokenbroker.delegation;

import java.util.List;
import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * What a validated delegation request established: who the subject is, who acts for her, for which
 * targets, with which scopes and for how long. Every issuing flow (a token of this realm, or a token
 * brokered from an upstream platform) starts from one of these and may only narrow it.
 *
 * @param client          the authenticated client that requested the exchange (RFC 8693 §4.3 {@code client_id})
 * @param user            the subject
 * @param userSession     the subject token's session
 * @param subjectToken    the verified subject token
 * @param actorChain      the chain the issued token carries, current actor first
 * @param targets         requested audience/resource values, empty for "the requesting client"
 * @param allowedScopes   scope names the issued token may carry (subject token scope ∩ request)
 * @param expiresAt       latest {@code exp} the issued token may have (epoch seconds)
 */
public record DelegationGrant(
        ClientModel client,
        UserModel user,
        UserSessionModel userSession,
        AccessToken subjectToken,
        ActorChain actorChain,
        List<String> targets,
        Set<String> allowedScopes,
        long expiresAt) {
}
