package dev.tokenbroker.policy.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.policy.Inputs;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyInput;

/** The built-in rules, one test per rule and per parse failure, in the order they are checked. */
class BuiltInRulesTest {

    private static PolicyDecision decide(PolicyInput input, String... settings) {
        String[] all = new String[settings.length + 2];
        all[0] = "engine";
        all[1] = "builtin";
        System.arraycopy(settings, 0, all, 2, settings.length);
        return BuiltInRules.parse(Inputs.config(all)).decide(input, null);
    }

    private static void assertDenied(PolicyDecision decision, String reasonPart) {
        assertThat(decision.outcome()).isEqualTo(PolicyDecision.Outcome.DENY);
        assertThat(decision.engine()).isEqualTo("builtin");
        assertThat(decision.reason()).contains(reasonPart);
    }

    @Test
    void whenNoRuleIsSetThenAllowedUnnarrowed() {
        PolicyDecision decision = decide(Inputs.alice());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isNull();
        assertThat(decision.scopes()).isNull();
    }

    @Test
    void whenCurrentActorIsAnAllowedAgentThenAllowed() {
        assertThat(decide(Inputs.alice(), "agents", "claude-desktop chatgpt").allowed()).isTrue();
    }

    @Test
    void whenCurrentActorIsNotAnAllowedAgentThenDenyNamingIt() {
        assertDenied(decide(Inputs.withActor(Inputs.alice(), "rogue-agent"), "agents", "claude-desktop chatgpt"), "agent 'rogue-agent'");
    }

    @Test
    void whenToolsRequiredAndNoneNamedThenDeny() {
        assertDenied(decide(Inputs.withoutTool(Inputs.alice()), "tools", "databricks_mcp.query"), "tool_invocation");
    }

    @Test
    void whenToolNotAllowedThenDenyNamingIt() {
        assertDenied(decide(Inputs.alice(), "tools", "databricks_mcp.list"), "tool 'databricks_mcp.query'");
    }

    @Test
    void whenToolAllowedThenAllowed() {
        assertThat(decide(Inputs.alice(), "tools", "databricks_mcp.list, databricks_mcp.query").allowed()).isTrue();
    }

    @Test
    void whenUserHoldsARequiredRoleThenAllowed() {
        assertThat(decide(Inputs.alice(), "roles", "auditor analyst").allowed()).isTrue();
    }

    @Test
    void whenUserLacksEveryRequiredRoleAndGroupThenDeny() {
        assertDenied(decide(Inputs.bob(), "roles", "analyst", "groups", "/analysts"), "lacks a required role or group");
    }

    @Test
    void whenUserIsInASubgroupOfARequiredGroupThenAllowed() {
        assertThat(decide(Inputs.alice(), "groups", "/analysts").allowed()).isTrue();
        assertThat(decide(Inputs.alice(), "groups", "/analysts/emea").allowed()).isTrue();
    }

    @Test
    void whenGroupOnlySharesAPrefixThenNotAMember() {
        assertDenied(decide(Inputs.alice(), "groups", "/analysts/em"), "lacks a required role or group");
    }

    @Test
    void whenInsideATimeWindowOfTheZoneThenAllowed() {
        // 10:00 UTC is 11:00 in Berlin (winter time)
        assertThat(decide(Inputs.alice(), "time-windows", "Mon-Fri 11:00-12:00", "time-zone", "Europe/Berlin").allowed()).isTrue();
    }

    @Test
    void whenOutsideEveryTimeWindowThenDenyNamingTheWindows() {
        assertDenied(decide(Inputs.alice(), "time-windows", "Mon-Fri 08:00-11:00", "time-zone", "Europe/Berlin"),
                "outside the allowed hours (Mon-Fri 08:00-11:00 Europe/Berlin)");
    }

    @Test
    void whenOnADayOutsideTheWindowsThenDeny() {
        assertDenied(decide(Inputs.at(Inputs.alice(), Instant.parse("2026-12-05T10:00:00Z")), "time-windows", "Mon-Fri 00:00-24:00"),
                "outside the allowed hours");
    }

    @Test
    void whenAllowedThenMaxLifetimeAndScopesNarrow() {
        PolicyDecision decision = decide(Inputs.alice(), "max-lifetime", "120", "scopes", "sql");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isEqualTo(120);
        assertThat(decision.scopes()).isEqualTo(Scopes.parse("sql"));
    }

    @Test
    void whenTheFirstFailingRuleIsTheAgentThenItIsTheReason() {
        assertDenied(decide(Inputs.withActor(Inputs.bob(), "rogue-agent"), "agents", "claude-desktop", "roles", "analyst"), "agent");
    }

    @Test
    void whenMaxLifetimeIsNotAPositiveNumberThenInvalid() {
        assertThatThrownBy(() -> decide(Inputs.alice(), "max-lifetime", "0")).hasMessageContaining("max-lifetime must be between");
        assertThatThrownBy(() -> decide(Inputs.alice(), "max-lifetime", "five")).hasMessageContaining("max-lifetime must be a whole number");
    }

    @Test
    void whenGroupIsNotAPathThenInvalid() {
        assertThatThrownBy(() -> decide(Inputs.alice(), "groups", "analysts")).hasMessageContaining("group paths starting with '/'");
    }

    @Test
    void whenTimeZoneWithoutWindowsThenInvalid() {
        assertThatThrownBy(() -> decide(Inputs.alice(), "time-zone", "Europe/Berlin")).hasMessageContaining("time-zone needs time-windows");
    }
}
