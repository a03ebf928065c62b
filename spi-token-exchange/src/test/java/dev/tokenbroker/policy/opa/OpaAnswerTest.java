package dev.tokenbroker.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.policy.PolicyDecision.Outcome;
import dev.tokenbroker.policy.PolicyDecision;

/** OPA's answers, one test per branch: what allows, what denies, what means no decision at all. */
class OpaAnswerTest {

    private static void assertOutcome(String body, Outcome outcome, String reason) {
        PolicyDecision decision = OpaAnswer.read(body);
        assertThat(decision.engine()).isEqualTo("opa");
        assertThat(decision.outcome()).as(body).isEqualTo(outcome);
        if (reason != null) {
            assertThat(decision.reason()).isEqualTo(reason);
        }
    }

    @Test
    void whenResultTrueThenAllow() {
        assertOutcome("{\"result\":true}", Outcome.ALLOW, null);
    }

    @Test
    void whenResultFalseThenDenyByPolicy() {
        assertOutcome("{\"result\":false}", Outcome.DENY, "denied by policy");
    }

    @Test
    void whenObjectAllowsWithNarrowingThenAllowNarrowed() {
        PolicyDecision decision = OpaAnswer.read("{\"result\":{\"allow\":true,\"max_lifetime\":60,\"scopes\":[\"sql\"],\"reason\":\"ok\"},"
                + "\"decision_id\":\"d-1\"}");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isEqualTo(60);
        assertThat(decision.scopes()).isEqualTo(Scopes.parse("sql"));
        assertThat(decision.reason()).isEqualTo("ok");
        assertThat(decision.decisionId()).isEqualTo("d-1");
    }

    @Test
    void whenObjectDeniesWithReasonThenThatReason() {
        assertOutcome("{\"result\":{\"allow\":false,\"reason\":\"analysts only\"}}", Outcome.DENY, "analysts only");
    }

    @Test
    void whenObjectDeniesWithoutReasonThenDeniedByPolicy() {
        assertOutcome("{\"result\":{\"allow\":false}}", Outcome.DENY, "denied by policy");
    }

    @Test
    void whenResultMissingThenUndefinedIsDenyKeepingTheDecisionId() {
        PolicyDecision decision = OpaAnswer.read("{\"decision_id\":\"d-2\"}");

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.reason()).isEqualTo("the policy has no decision for this request");
        assertThat(decision.decisionId()).isEqualTo("d-2");
    }

    @Test
    void whenResultIsNotBooleanOrObjectThenNotADecision() {
        for (String result : new String[] {"\"yes\"", "1", "[true]", "null"}) {
            assertOutcome("{\"result\":" + result + "}", Outcome.DENY, "the policy's answer is not a decision");
        }
    }

    @Test
    void whenObjectFieldsHaveWrongTypesThenNotADecision() {
        for (String result : new String[] {"{}", "{\"allow\":\"true\"}", "{\"allow\":true,\"reason\":7}",
                "{\"allow\":true,\"max_lifetime\":\"60\"}", "{\"allow\":true,\"max_lifetime\":0}", "{\"allow\":true,\"max_lifetime\":1.5}",
                "{\"allow\":true,\"scopes\":\"sql\"}", "{\"allow\":true,\"scopes\":[\"a b\"]}", "{\"allow\":true,\"scopes\":[1]}"}) {
            assertOutcome("{\"result\":" + result + "}", Outcome.DENY, "the policy's answer is not a decision");
        }
    }

    @Test
    void whenBodyIsNotJsonOrNotAnObjectThenUnavailable() {
        assertOutcome("{\"result\":{\"allow\":tr", Outcome.UNAVAILABLE, "policy unavailable: OPA sent a malformed answer");
        assertOutcome("[true]", Outcome.UNAVAILABLE, "policy unavailable: OPA sent a malformed answer");
        assertOutcome("", Outcome.UNAVAILABLE, "policy unavailable: OPA sent a malformed answer");
    }

    @Test
    void whenReasonIsLongOrUnprintableThenItIsCutAndCleaned() {
        PolicyDecision decision = OpaAnswer.read("{\"result\":{\"allow\":false,\"reason\":\"a\\nb" + "x".repeat(300) + "\"}}");

        assertThat(decision.reason()).startsWith("a?b").hasSize(200);
    }
}
