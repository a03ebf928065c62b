package dev.tokenbroker.upstream.cache;

import java.io.IOException;

import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.delegation.ActorChain;

/**
 * The actor chain as part of a cache key: a token obtained for one agent (or one chain of agents)
 * is never handed to another. Rendered as a JSON array of subjects, so no two chains share a key
 * whatever characters their subjects hold.
 */
public final class ActorChainKey {

    private ActorChainKey() {
    }

    public static String of(ActorChain chain) {
        try {
            return JsonSerialization.writeValueAsString(chain.subjects());
        } catch (IOException e) {
            throw new IllegalStateException("actor chain not serialisable", e);
        }
    }
}
