package dev.tokenbroker.upstream.cache;

import java.util.Objects;

import org.keycloak.cluster.ClusterEvent;

/**
 * "Drop the cached platform tokens of this user / user session / actor / upstream", as it travels to
 * every node of a cluster (marshalled by {@link UpstreamCacheSchema}) and is applied there, the
 * sending node included.
 *
 * @param realmId the realm the tokens belong to
 * @param target  what {@code id} names
 * @param id      user id, user session id, actor client id, or upstream component id
 */
public record UpstreamCacheDrop(String realmId, Target target, String id) implements ClusterEvent {

    public enum Target { USER, USER_SESSION, ACTOR, UPSTREAM }

    public UpstreamCacheDrop {
        Objects.requireNonNull(realmId, "realmId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(id, "id");
    }

    void applyTo(UpstreamTokenCache cache) {
        switch (target) {
            case USER -> cache.dropUser(realmId, id);
            case USER_SESSION -> cache.dropUserSession(realmId, id);
            case ACTOR -> cache.dropActor(realmId, id);
            case UPSTREAM -> cache.dropUpstream(realmId, id);
        }
    }
}
