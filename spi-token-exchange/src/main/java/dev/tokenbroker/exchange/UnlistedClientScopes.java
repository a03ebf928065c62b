package dev.tokenbroker.exchange;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/**
 * Names of a client's scopes that never show in a token's {@code scope} claim ("Include in token
 * scope" off: basic, roles, acr...). Delegation narrows scope to what the subject token granted and
 * keeps these, as the scope claim cannot say whether they were granted.
 *
 * <p>Reading a client's scopes resolves each one through the realm cache, the largest share of the
 * broker's own cost per delegation; so the names are remembered per client for a few seconds. A
 * stale answer can only fail safe: a scope newly listed in tokens but still counted as unlisted
 * reaches the token's {@code scope} claim, where the issued token is checked against the grant and
 * the exchange refused; a scope newly added to the client is left out (fewer claims) until the
 * entry expires.
 */
final class UnlistedClientScopes {

    private static final long REMEMBER_MILLIS = 10_000;
    /** Bounds memory when a realm has very many clients: the map is emptied and refilled. */
    private static final int MAX_CLIENTS = 10_000;

    private final ConcurrentHashMap<String, Entry> byClient = new ConcurrentHashMap<>();

    private record Entry(Set<String> names, long expiresAt) {
    }

    Set<String> of(String realmId, ClientModel client) {
        String key = realmId + '/' + client.getId();
        long now = System.currentTimeMillis();
        Entry entry = byClient.get(key);
        if (entry == null || entry.expiresAt() <= now) {
            if (byClient.size() >= MAX_CLIENTS) {
                byClient.clear();
            }
            entry = new Entry(read(client), now + REMEMBER_MILLIS);
            byClient.put(key, entry);
        }
        return entry.names();
    }

    private static Set<String> read(ClientModel client) {
        return Stream.concat(client.getClientScopes(true).values().stream(), client.getClientScopes(false).values().stream())
                .filter(scope -> !scope.isIncludeInTokenScope())
                .map(ClientScopeModel::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}
