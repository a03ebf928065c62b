package dev.tokenbroker.delegation;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Remembers the {@code act} claim of each delegated token until it expires, keyed by its {@code jti}.
 *
 * <p>Keycloak 26.7 answers introspection of session-bound tokens by rebuilding the token from
 * protocol mappers, which knows nothing of {@code act}; {@link ActIntrospectionMapper} puts it back
 * from here. The store is Keycloak's cluster-aware single-use object store, so entries expire on
 * their own with the token.
 */
public final class ActClaimStore {

    private static final String KEY_PREFIX = "tokenbroker.act.";
    private static final String ACT_NOTE = "act";

    private ActClaimStore() {
    }

    public static void remember(KeycloakSession session, String tokenId, ActorChain chain, long lifespanSeconds) {
        if (tokenId == null || chain.isEmpty() || lifespanSeconds <= 0) {
            return;
        }
        session.singleUseObjects().put(KEY_PREFIX + tokenId, lifespanSeconds, Map.of(ACT_NOTE, chain.toJson()));
    }

    /** The stored chain as JSON, or {@code null} when the token was not delegated or has expired. */
    public static String recall(KeycloakSession session, String tokenId) {
        if (tokenId == null) {
            return null;
        }
        SingleUseObjectProvider store = session.singleUseObjects();
        Map<String, String> notes = store.get(KEY_PREFIX + tokenId);
        return notes == null ? null : notes.get(ACT_NOTE);
    }
}
