package dev.tokenbroker.exchange;

import dev.tokenbroker.delegation.Actor;

/**
 * The current actor as the audit record names it, in Keycloak 26.8's vocabulary: an agent acting as
 * its client ({@code type} {@code client}, {@code id} the client's internal id) or a human
 * ({@code user}, her user id).
 */
public record ActorIdentity(Actor actor, String type, String id) {

    public static final String CLIENT = "client";
    public static final String USER = "user";

    public static ActorIdentity client(String clientId, String internalId) {
        return new ActorIdentity(new Actor(clientId), CLIENT, internalId);
    }

    public static ActorIdentity user(String userId) {
        return new ActorIdentity(new Actor(userId), USER, userId);
    }
}
