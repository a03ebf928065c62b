package dev.tokenbroker.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;
import dev.tokenbroker.tool.ToolInvocation;

/**
 * What a policy decides on: the same for every engine and every flow, and for OPA exactly the JSON
 * {@link #toJson()} writes ({@code policy/input.schema.json} documents it; version {@value #VERSION}).
 *
 * @param correlationId        the exchange's id, shared by its audit record
 * @param time                 when the exchange is decided
 * @param realm                the realm's name
 * @param flow                 {@code delegation} for a token of this realm, else the upstream's flow ({@code federated}, ...)
 * @param requestingClient     the client that asked for the exchange (RFC 8693 §4.3 {@code client_id})
 * @param clientAddress        the network address the request came from
 * @param user                 the subject
 * @param actorChain           the actors of the token to be issued, current first (RFC 8693 §4.1)
 * @param authorizationDetails the tool the exchange serves (RFC 9396), or none
 * @param target               where the token is for
 * @param scopes               the scopes the issued token would carry
 * @param lifetimeSeconds      the lifetime the issued token would have at most
 */
public record PolicyInput(String correlationId, Instant time, String realm, String flow, String requestingClient,
                          String clientAddress, User user, List<ActorEntry> actorChain,
                          AuthorizationDetails authorizationDetails, Target target, Scopes scopes, long lifetimeSeconds) {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param realmRoles effective realm roles (composites expanded, groups' roles included)
     * @param groups     group paths, e.g. {@code /analysts}
     * @param attributes the user attributes the policy settings ask for ({@code user-attributes}), only those
     */
    public record User(String id, String username, Set<String> realmRoles, Set<String> groups,
                       Map<String, List<String>> attributes) {
    }

    /** @param type {@code client} or {@code user} for the current actor; {@code null} for prior actors, whose kind the token does not say */
    public record ActorEntry(String sub, String type) {
    }

    /**
     * @param type     {@code client} (a token of this realm) or {@code upstream}
     * @param audience the client ids, for {@code client}
     * @param alias    the upstream's alias, for {@code upstream}
     * @param provider the upstream's provider type ({@code databricks}, {@code aws-sts}...), for {@code upstream}
     */
    public record Target(String type, List<String> audience, String alias, String provider) {

        public static final String CLIENT = "client";
        public static final String UPSTREAM = "upstream";

        public static Target audiences(List<String> clientIds) {
            return new Target(CLIENT, List.copyOf(clientIds), null, null);
        }

        public static Target upstream(String alias, String provider) {
            return new Target(UPSTREAM, null, alias, provider);
        }
    }

    /** The tool invocation, or {@code null}. */
    public ToolInvocation tool() {
        return authorizationDetails.tool();
    }

    /** The current actor's subject, or {@code null} for a chain without actors. */
    public String currentActor() {
        return actorChain.isEmpty() ? null : actorChain.get(0).sub();
    }

    /** The input as the JSON object every engine sees (OPA receives it as {@code {"input": ...}}). */
    public Map<String, Object> toMap() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("version", VERSION);
        input.put("correlation_id", correlationId);
        input.put("time", time.toString());
        input.put("realm", realm);
        input.put("flow", flow);
        input.put("requesting_client", requestingClient);
        putIfPresent(input, "client_address", clientAddress);
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", user.id());
        subject.put("username", user.username());
        subject.put("realm_roles", List.copyOf(user.realmRoles()));
        subject.put("groups", List.copyOf(user.groups()));
        subject.put("attributes", user.attributes());
        input.put("user", subject);
        List<Map<String, Object>> actors = new ArrayList<>();
        for (ActorEntry actor : actorChain) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sub", actor.sub());
            putIfPresent(entry, "type", actor.type());
            actors.add(entry);
        }
        input.put("actor_chain", actors);
        if (tool() != null) {
            input.put("tool", tool().toDetail());
            input.put("authorization_details", authorizationDetails.toClaim());
        }
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("type", target.type());
        putIfPresent(to, "audience", target.audience());
        putIfPresent(to, "alias", target.alias());
        putIfPresent(to, "provider", target.provider());
        input.put("target", to);
        input.put("scope", List.copyOf(scopes.asSet()));
        input.put("lifetime_seconds", lifetimeSeconds);
        return input;
    }

    /** {@link #toMap()} as JSON text. */
    public String toJson() {
        return json(toMap());
    }

    /** Serialises with the one mapper of the policy package. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
