package dev.tokenbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;

class PolicyDecisionTest {

    private static PolicyDecision narrowing(Integer lifetime, String scopes) {
        return new PolicyDecision("builtin", PolicyDecision.Outcome.ALLOW, null, lifetime, scopes == null ? null : Scopes.parse(scopes), null);
    }

    @Test
    void whenNoEngineThenEverythingIsAllowedUnnarrowed() {
        PolicyDecision decision = NoPolicy.INSTANCE.decide(null, null);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.engine()).isEqualTo("none");
        assertThat(decision.maxLifetimeSeconds()).isNull();
        assertThat(decision.scopes()).isNull();
    }

    @Test
    void whenDenyWithoutReasonThenRefused() {
        assertThatThrownBy(() -> new PolicyDecision("opa", PolicyDecision.Outcome.DENY, " ", null, null, null)).hasMessageContaining("reason");
    }

    @Test
    void whenNarrowingToZeroLifetimeThenRefused() {
        assertThatThrownBy(() -> narrowing(0, null)).hasMessageContaining("positive");
    }

    @Test
    void whenUnavailableThenTheReasonSaysPolicyUnavailable() {
        PolicyDecision decision = PolicyDecision.unavailable("opa", "OPA timed out after 500 ms");

        assertThat(decision.outcome()).isEqualTo(PolicyDecision.Outcome.UNAVAILABLE);
        assertThat(decision.reason()).isEqualTo("policy unavailable: OPA timed out after 500 ms");
        assertThat(decision.outcome().recorded()).isEqualTo("unavailable");
    }

    @Test
    void whenBothAllowThenTheShorterLifetimeAndTheCommonScopesWin() {
        PolicyDecision both = narrowing(300, "a b c").and(narrowing(60, "b c d"));

        assertThat(both.allowed()).isTrue();
        assertThat(both.maxLifetimeSeconds()).isEqualTo(60);
        assertThat(both.scopes()).isEqualTo(Scopes.parse("b c"));
    }

    @Test
    void whenOneOfTwoDeniesThenTheDenyWins() {
        PolicyDecision deny = PolicyDecision.deny("opa", "no");

        assertThat(narrowing(60, null).and(deny)).isSameAs(deny);
        assertThat(deny.and(PolicyDecision.allow("builtin"))).isSameAs(deny);
    }

    @Test
    void whenDifferentEnginesAllowThenBothAreNamed() {
        assertThat(PolicyDecision.allow("builtin").and(PolicyDecision.allow("opa")).engine()).isEqualTo("builtin,opa");
    }

    @Test
    void whenNarrowedScopesLeaveNoneOfTheGrantThenDeny() {
        PolicyDecision applied = narrowing(null, "sql").appliedTo(Scopes.parse("all-apis"));

        assertThat(applied.outcome()).isEqualTo(PolicyDecision.Outcome.DENY);
        assertThat(applied.reason()).contains("none of the requested scopes");
    }

    @Test
    void whenNarrowedScopesKeepSomeOfTheGrantThenStillAllowed() {
        PolicyDecision decision = narrowing(null, "sql email");

        assertThat(decision.appliedTo(Scopes.parse("all-apis sql"))).isSameAs(decision);
        assertThat(decision.appliedTo(Scopes.none())).isSameAs(decision);
    }
}
