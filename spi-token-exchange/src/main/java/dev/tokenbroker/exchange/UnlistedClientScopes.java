package dev.tokenbroker.exchange;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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

    private final Cache<String, Set<String>> byClient = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10))
            .maximumSize(10_000)
            .build();

    Set<String> of(String realmId, ClientModel client) {
        return byClient.get(realmId + '/' + client.getId(), key -> read(client));
    }

    private static Set<String> read(ClientModel client) {
        return Stream.concat(client.getClientScopes(true).values().stream(), client.getClientScopes(false).values().stream())
                .filter(scope -> !scope.isIncludeInTokenScope())
                .map(ClientScopeModel::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}
