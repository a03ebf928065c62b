package dev.tokenbroker.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;

/** Policy inputs for unit tests: alice, an analyst, via claude-desktop through mcp-gateway, to databricks. */
public final class Inputs {

    /** Wednesday 2026-12-02 10:00 UTC. */
    public static final Instant WEDNESDAY_10_UTC = Instant.parse("2026-12-02T10:00:00Z");

    private Inputs() {
    }

    public static PolicyInput alice() {
        return new PolicyInput("corr-1", WEDNESDAY_10_UTC, "acme", "federated", "mcp-gateway", "127.0.0.1",
                new PolicyInput.User("u-alice", "alice", Set.of("analyst", "default-roles-acme"), Set.of("/analysts/emea"),
                        Map.of("department", List.of("analytics"))),
                List.of(new PolicyInput.ActorEntry("claude-desktop", "client")),
                AuthorizationDetails.parse("[{\"type\":\"tool_invocation\",\"tool\":\"databricks_mcp.query\",\"server\":\"https://mcp.acme.test/analytics\"}]"),
                PolicyInput.Target.upstream("databricks", "databricks"), Scopes.parse("all-apis"), 300);
    }

    public static PolicyInput bob() {
        PolicyInput alice = alice();
        return new PolicyInput(alice.correlationId(), alice.time(), alice.realm(), alice.flow(), alice.requestingClient(),
                alice.clientAddress(), new PolicyInput.User("u-bob", "bob", Set.of("default-roles-acme"), Set.of(), Map.of()),
                alice.actorChain(), alice.authorizationDetails(), alice.target(), alice.scopes(), alice.lifetimeSeconds());
    }

    public static PolicyInput at(PolicyInput input, Instant time) {
        return new PolicyInput(input.correlationId(), time, input.realm(), input.flow(), input.requestingClient(), input.clientAddress(),
                input.user(), input.actorChain(), input.authorizationDetails(), input.target(), input.scopes(), input.lifetimeSeconds());
    }

    public static PolicyInput withActor(PolicyInput input, String actor) {
        return new PolicyInput(input.correlationId(), input.time(), input.realm(), input.flow(), input.requestingClient(),
                input.clientAddress(), input.user(), List.of(new PolicyInput.ActorEntry(actor, "client")), input.authorizationDetails(),
                input.target(), input.scopes(), input.lifetimeSeconds());
    }

    public static PolicyInput withoutTool(PolicyInput input) {
        return new PolicyInput(input.correlationId(), input.time(), input.realm(), input.flow(), input.requestingClient(),
                input.clientAddress(), input.user(), input.actorChain(), AuthorizationDetails.none(), input.target(), input.scopes(),
                input.lifetimeSeconds());
    }

    /** Settings as stored: alternating keys (without prefix) and values. */
    public static PolicySettingsSource settings(String... keysAndValues) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(PolicySettingsSource.ATTRIBUTE_PREFIX + keysAndValues[i], keysAndValues[i + 1]);
        }
        return new PolicySettingsSource("audience 'test'", PolicySettingsSource.ATTRIBUTE_PREFIX, values::get);
    }

    public static PolicyConfig config(String... keysAndValues) {
        return PolicyConfig.read(settings(keysAndValues));
    }
}
