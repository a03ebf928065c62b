package dev.tokenbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.policy.PolicyDecision.Outcome;

/** Which engine decides: the target's own settings, else the realm's; every way the gate fails closed. */
class PolicyGateTest {

    private final List<Set<String>> inputsBuilt = new ArrayList<>();
    private final Function<Set<String>, PolicyInput> input = attributes -> {
        inputsBuilt.add(attributes);
        return Inputs.withActor(Inputs.alice(), "claude-desktop");
    };
    private final PolicyResources noResources = new PolicyResources() {
        @Override
        public CloseableHttpClient httpClient() {
            throw new IllegalStateException("no HTTP in this test");
        }

        @Override
        public Optional<String> secret(String reference) {
            return Optional.empty();
        }
    };

    private PolicyDecision decide(PolicySettingsSource realm, PolicySettingsSource... targets) {
        return new PolicyGate(new PolicyEngines(), noResources, realm).decide(List.of(targets), input);
    }

    private static PolicySettingsSource realm(String... settings) {
        PolicySettingsSource source = Inputs.settings(settings);
        return new PolicySettingsSource("the realm", source.prefix(), source.lookup());
    }

    @Test
    void whenNothingIsConfiguredThenAllowedWithoutBuildingTheInput() {
        PolicyDecision decision = decide(realm(), Inputs.settings());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.engine()).isEqualTo("none");
        assertThat(inputsBuilt).isEmpty();
    }

    @Test
    void whenTheTargetNamesNoEngineThenTheRealmDefaultDecides() {
        PolicyDecision decision = decide(realm("engine", "builtin", "agents", "chatgpt"), Inputs.settings());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.reason()).contains("agent 'claude-desktop'");
    }

    @Test
    void whenNoTargetsThenTheRealmDefaultDecides() {
        assertThat(decide(realm("engine", "builtin", "max-lifetime", "60")).maxLifetimeSeconds()).isEqualTo(60);
    }

    @Test
    void whenTheTargetNamesAnEngineThenItsOwnSettingsAloneDecide() {
        PolicyDecision decision = decide(realm("engine", "builtin", "agents", "chatgpt"),
                Inputs.settings("engine", "builtin", "max-lifetime", "60"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isEqualTo(60);
    }

    @Test
    void whenTheTargetSaysNoneThenTheRealmDefaultDoesNotApply() {
        PolicyDecision decision = decide(realm("engine", "builtin", "agents", "chatgpt"), Inputs.settings("engine", "none"));

        assertThat(decision.allowed()).isTrue();
        assertThat(inputsBuilt).isEmpty();
    }

    @Test
    void whenTheTargetsSettingsDoNotParseThenUnavailableNamingWhere() {
        PolicyDecision decision = decide(realm(), Inputs.settings("engine", "builtin", "max-lifetime", "soon"));

        assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(decision.engine()).isEqualTo("builtin");
        assertThat(decision.reason()).isEqualTo("policy unavailable: the policy settings of audience 'test' are invalid");
    }

    @Test
    void whenTheEngineIsUnknownThenUnavailable() {
        PolicyDecision decision = decide(realm("engine", "cedar"));

        assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(decision.engine()).isEqualTo("invalid");
        assertThat(decision.reason()).contains("the realm");
    }

    @Test
    void whenSeveralAudiencesThenEachPolicyDecidesAndTheNarrowestWins() {
        PolicyDecision decision = decide(realm(), Inputs.settings("engine", "builtin", "max-lifetime", "120", "scopes", "all-apis sql"),
                Inputs.settings("engine", "builtin", "max-lifetime", "60", "scopes", "sql email"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isEqualTo(60);
        assertThat(decision.scopes()).isEqualTo(Scopes.parse("sql"));
        assertThat(inputsBuilt).hasSize(1);
    }

    @Test
    void whenOneOfSeveralAudiencesDeniesThenDenied() {
        PolicyDecision decision = decide(realm(), Inputs.settings("engine", "none"), Inputs.settings("engine", "builtin", "roles", "auditor"));

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void whenSettingsAskForUserAttributesThenTheInputIsBuiltWithTheirUnion() {
        decide(realm(), Inputs.settings("engine", "builtin", "user-attributes", "department"),
                Inputs.settings("engine", "builtin", "user-attributes", "cost-center"));

        assertThat(inputsBuilt).containsExactly(Set.of("department", "cost-center"));
    }

    @Test
    void whenTheEngineBreaksThenUnavailableNotAnException() {
        PolicyDecision decision = decide(realm("engine", "opa", "opa.url", "http://127.0.0.1:8181"));

        assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(decision.reason()).isEqualTo("policy unavailable: the opa engine failed");
    }

    @Test
    void whenTheSameSettingsAreReadAgainThenTheParsedEngineIsReused() {
        PolicyEngines engines = new PolicyEngines();
        PolicyConfig config = Inputs.config("engine", "builtin", "agents", "chatgpt");

        assertThat(engines.of(config).engine()).isSameAs(engines.of(Inputs.config("engine", "builtin", "agents", "chatgpt")).engine());
    }

    @Test
    void whenValidatedOnSaveThenTheProblemNamesTheFullKey() {
        assertThatThrownBy(() -> PolicyEngines.validate(Inputs.settings("engine", "builtin", "max-lifetime", "0")))
                .hasMessageStartingWith("tokenbroker.policy.max-lifetime must be between");
        assertThatThrownBy(() -> PolicyEngines.validate(Inputs.settings("engine", "opa")))
                .hasMessage("tokenbroker.policy.opa.url is required for engine opa");
        PolicyEngines.validate(Inputs.settings());
        PolicyEngines.validate(Inputs.settings("engine", "none", "agents", "ignored"));
    }
}
