package dev.tokenbroker.admin;

import java.util.List;

import dev.tokenbroker.policy.PolicyConfig;

/** The policy settings' keys after their prefix, in the README's order. */
final class PolicyKeys {

    static final List<String> ALL = List.of(PolicyConfig.ENGINE, PolicyConfig.USER_ATTRIBUTES, PolicyConfig.AGENTS, PolicyConfig.TOOLS,
            PolicyConfig.ROLES, PolicyConfig.GROUPS, PolicyConfig.TIME_WINDOWS, PolicyConfig.TIME_ZONE, PolicyConfig.MAX_LIFETIME,
            PolicyConfig.SCOPES, PolicyConfig.OPA_URL, PolicyConfig.OPA_PATH, PolicyConfig.OPA_TOKEN, PolicyConfig.OPA_CONNECT_TIMEOUT,
            PolicyConfig.OPA_READ_TIMEOUT);

    /** Write-only: read back masked. */
    static final String SECRET = PolicyConfig.OPA_TOKEN;

    private PolicyKeys() {
    }
}
