package dev.tokenbroker.exchange;

import java.util.List;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.Scopes;

/**
 * What a validated delegation request established: who the subject is, who acts for her, for which
 * targets, with which scopes and for how long. Every route (a token of this realm, or a token
 * brokered from an upstream platform) issues from one of these and may only narrow it.
 *
 * @param client          the authenticated client that requested the exchange (RFC 8693 §4.3 {@code client_id})
 * @param user            the subject
 * @param userSession     the subject token's session
 * @param subjectToken    the verified subject token
 * @param actorChain      the chain the issued token carries, current actor first
 * @param targets         requested audience/resource values (never empty: a default audience is filled in)
 * @param allowedScopes   scopes the issued token may carry (subject token scope ∩ request)
 * @param expiresAt       latest {@code exp} the issued token may have (epoch seconds)
 */
public record DelegationGrant(
        ClientModel client,
        UserModel user,
        UserSessionModel userSession,
        AccessToken subjectToken,
        ActorChain actorChain,
        List<String> targets,
        Scopes allowedScopes,
        long expiresAt) {

    /** The same grant with no scope beyond {@code allowed} (a policy narrowed it). */
    public DelegationGrant withScopesWithin(Scopes allowed) {
        Scopes narrowed = allowedScopes.intersect(allowed);
        return narrowed.equals(allowedScopes) ? this
                : new DelegationGrant(client, user, userSession, subjectToken, actorChain, targets, narrowed, expiresAt);
    }

    /** The same grant ending no later than {@code latestExpiry}. */
    public DelegationGrant expiringBy(long latestExpiry) {
        return latestExpiry >= expiresAt ? this
                : new DelegationGrant(client, user, userSession, subjectToken, actorChain, targets, allowedScopes, latestExpiry);
    }
}
