package dev.tokenbroker.policy;

import java.util.List;

import dev.tokenbroker.delegation.Scopes;

/**
 * What a policy decides on, the same for every engine and every flow.
 *
 * @param userId          the subject's id
 * @param username        the subject's user name
 * @param actors          actor subjects, current first
 * @param requestingClient the client that asked for the exchange
 * @param target          the audience (a client id) or upstream alias
 * @param flow            {@code delegation} for a token of this realm, else the upstream's flow ({@code federated}, ...)
 * @param targetType      {@code client}, or the upstream's provider type ({@code databricks}, ...)
 * @param scopes          the scopes the issued token would carry
 * @param lifetimeSeconds the lifetime the issued token would have at most
 */
public record PolicyInput(String userId, String username, List<String> actors, String requestingClient,
                          String target, String flow, String targetType, Scopes scopes, long lifetimeSeconds) {
}
