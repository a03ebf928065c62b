package dev.tokenbroker.policy.builtin;

import java.util.Set;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyEngine;
import dev.tokenbroker.policy.PolicyInput;
import dev.tokenbroker.policy.PolicyResources;
import dev.tokenbroker.policy.SettingValues;
import dev.tokenbroker.tool.ToolInvocation;

/**
 * The built-in engine: a handful of rules stored as settings with the target (or the realm), for
 * realms without OPA. Each rule left unset allows; each set rule must hold, checked in this order
 * and the first that fails is the deny's reason:
 * <ol>
 *   <li>{@code agents}: the current actor (RFC 8693 §4.1: only it counts for access control) is one of these client ids;</li>
 *   <li>{@code tools}: the exchange names one of these tools ({@code authorization_details} {@code tool_invocation});</li>
 *   <li>{@code roles} / {@code groups}: the user holds one of these realm roles or is in one of these groups (or a subgroup);</li>
 *   <li>{@code time-windows} (with {@code time-zone}): the exchange happens inside one of the windows.</li>
 * </ol>
 * An allow narrows: {@code max-lifetime} caps the token's lifetime, {@code scopes} the scopes it may carry.
 */
public final class BuiltInRules implements PolicyEngine {

    public static final String NAME = "builtin";
    /** The longest lifetime a rule may grant: longer ones are the delegation settings' business, not a policy's. */
    static final int MAX_LIFETIME_LIMIT = 86_400;

    private final Set<String> agents;
    private final Set<String> tools;
    private final Set<String> roles;
    private final Set<String> groups;
    private final Integer maxLifetime;
    private final Scopes scopes;
    private final TimeWindows timeWindows;

    private BuiltInRules(Set<String> agents, Set<String> tools, Set<String> roles, Set<String> groups, Integer maxLifetime,
                         Scopes scopes, TimeWindows timeWindows) {
        this.agents = agents;
        this.tools = tools;
        this.roles = roles;
        this.groups = groups;
        this.maxLifetime = maxLifetime;
        this.scopes = scopes;
        this.timeWindows = timeWindows;
    }

    /** @throws IllegalArgumentException naming the first invalid rule */
    public static BuiltInRules parse(PolicyConfig config) {
        Set<String> groups = SettingValues.words(config.groups());
        for (String group : groups) {
            if (!group.startsWith("/")) {
                throw new IllegalArgumentException(PolicyConfig.GROUPS + " are group paths starting with '/', got '" + group + "'");
            }
        }
        Integer maxLifetime = config.maxLifetime() == null ? null
                : SettingValues.integer(PolicyConfig.MAX_LIFETIME, config.maxLifetime(), 0, 1, MAX_LIFETIME_LIMIT);
        if (config.timeWindows() == null && config.timeZone() != null) {
            throw new IllegalArgumentException(PolicyConfig.TIME_ZONE + " needs " + PolicyConfig.TIME_WINDOWS);
        }
        TimeWindows windows = config.timeWindows() == null ? null : TimeWindows.parse(config.timeWindows(), config.timeZone());
        return new BuiltInRules(SettingValues.words(config.agents()), SettingValues.words(config.tools()),
                SettingValues.words(config.roles()), groups, maxLifetime,
                config.scopes() == null ? null : Scopes.parse(config.scopes()), windows);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision decide(PolicyInput input, PolicyResources resources) {
        String actor = input.currentActor();
        if (!agents.isEmpty() && (actor == null || !agents.contains(actor))) {
            return PolicyDecision.deny(NAME, "agent " + quoted(actor) + " may not act for users here");
        }
        ToolInvocation tool = input.tool();
        if (!tools.isEmpty() && tool == null) {
            return PolicyDecision.deny(NAME, "a tool_invocation (authorization_details) is required here");
        }
        if (!tools.isEmpty() && !tools.contains(tool.tool())) {
            return PolicyDecision.deny(NAME, "tool " + quoted(tool.tool()) + " may not be used here");
        }
        if (!(roles.isEmpty() && groups.isEmpty()) && !holdsRoleOrGroup(input.user())) {
            return PolicyDecision.deny(NAME, "the user lacks a required role or group");
        }
        if (timeWindows != null && !timeWindows.contains(input.time())) {
            return PolicyDecision.deny(NAME, "outside the allowed hours (" + timeWindows + ")");
        }
        return new PolicyDecision(NAME, PolicyDecision.Outcome.ALLOW, null, maxLifetime, scopes, null);
    }

    private boolean holdsRoleOrGroup(PolicyInput.User user) {
        if (user.realmRoles().stream().anyMatch(roles::contains)) {
            return true;
        }
        for (String member : user.groups()) {
            for (String group : groups) {
                if (member.equals(group) || member.startsWith(group.endsWith("/") ? group : group + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names from the caller's side (agent, tool) as an error description may repeat them. */
    private static String quoted(String value) {
        return value == null ? "'(none)'" : Echo.of(value);
    }
}
