package dev.tokenbroker.upstream.cache;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tokenbroker.upstream.UpstreamExchangeFlowFactory;
import dev.tokenbroker.upstream.cache.UpstreamCacheDrop.Target;

/**
 * Revocation of cached platform tokens on every node of a cluster. Each call is published as a
 * {@link UpstreamCacheDrop} cluster event to all nodes, this one included, and applied where it
 * arrives: one code path whether there is one node or many. With Keycloak's local caches
 * ({@code start-dev}, {@code --cache=local}) the event is delivered to this node alone, synchronously.
 *
 * <p>A lost event leaves a token cached that should have gone; it is still never served to a
 * disabled user or agent or an ended session (the exchange is refused before the cache is asked),
 * and never for a changed upstream (the configuration's fingerprint is part of the key).
 *
 * <p>The kill switch uses the same calls.
 */
public final class UpstreamCacheEvents {

    /** The cluster task key our listener is registered under. */
    static final String TASK_KEY = "tokenbroker-upstream-cache";
    private static final Logger LOG = Logger.getLogger(UpstreamCacheEvents.class);

    private UpstreamCacheEvents() {
    }

    /** The user is disabled, removed or logged out everywhere. */
    public static void dropUser(KeycloakSession session, String realmId, String userId) {
        publish(session, new UpstreamCacheDrop(realmId, Target.USER, userId));
    }

    /** One of the user's sessions ended. */
    public static void dropUserSession(KeycloakSession session, String realmId, String userSessionId) {
        publish(session, new UpstreamCacheDrop(realmId, Target.USER_SESSION, userSessionId));
    }

    /** A client (agent or tool) in actor chains was disabled or removed. */
    public static void dropActor(KeycloakSession session, String realmId, String clientId) {
        publish(session, new UpstreamCacheDrop(realmId, Target.ACTOR, clientId));
    }

    /** An upstream was changed or removed. */
    public static void dropUpstream(KeycloakSession session, String realmId, String upstreamId) {
        publish(session, new UpstreamCacheDrop(realmId, Target.UPSTREAM, upstreamId));
    }

    static void publish(KeycloakSession session, UpstreamCacheDrop drop) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            // No cluster provider configured at all: this node is all there is.
            drop.applyTo(cache());
            return;
        }
        try {
            cluster.notify(TASK_KEY, drop, false, ClusterProvider.DCNotify.ALL_DCS);
        } catch (RuntimeException e) {
            // Other nodes may keep the entries (see the class comment for why that stays safe); this one must not.
            LOG.errorf(e, "could not publish the upstream cache drop %s %s of realm %s to the cluster; applied on this node only",
                    drop.target(), drop.id(), drop.realmId());
            drop.applyTo(cache());
        }
    }

    /** Applies drops from every node (this one included) to this node's cache. Called once, at startup. */
    static void listen(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.registerListener(TASK_KEY, event -> {
                    if (event instanceof UpstreamCacheDrop drop) {
                        drop.applyTo(cache());
                        LOG.debugf("upstream cache drop applied: %s %s of realm %s", drop.target(), drop.id(), drop.realmId());
                    }
                });
            }
        });
    }

    private static UpstreamTokenCache cache() {
        return UpstreamExchangeFlowFactory.cache();
    }
}
