package dev.tokenbroker.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DelegationSettingsTest {

    @Test
    void whenNothingConfiguredThenSafeDefaults() {
        DelegationSettings settings = DelegationSettings.read(name -> null, name -> null);

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.implicitActor()).isEqualTo(ImplicitActor.SUBJECT_CLIENT);
        assertThat(settings.allowedActors()).isEmpty();
        assertThat(settings.requireMayAct()).isFalse();
        assertThat(settings.maxLifetimeSeconds()).isEqualTo(300);
        assertThat(settings.maxChainDepth()).isEqualTo(5);
    }

    @Test
    void whenClientAndRealmBothSetThenClientWins() {
        Map<String, String> realm = Map.of(DelegationSettings.MAX_LIFETIME, "600", DelegationSettings.MAX_CHAIN_DEPTH, "3");
        Map<String, String> client = Map.of(DelegationSettings.ENABLED, "true", DelegationSettings.MAX_LIFETIME, "60");

        DelegationSettings settings = DelegationSettings.read(realm::get, client::get);

        assertThat(settings.maxLifetimeSeconds()).isEqualTo(60);
        assertThat(settings.maxChainDepth()).isEqualTo(3);
    }

    @Test
    void whenAllowedActorsListedThenOnlyThoseAllowed() {
        DelegationSettings settings = DelegationSettings.read(name -> null,
                Map.of(DelegationSettings.ALLOWED_ACTORS, "claude-desktop, cursor research-agent")::get);

        assertThat(settings.actorAllowed(new Actor("cursor"))).isTrue();
        assertThat(settings.actorAllowed(new Actor("research-agent"))).isTrue();
        assertThat(settings.actorAllowed(new Actor("someone-else"))).isFalse();
    }

    @Test
    void whenValuesInvalidThenFailInsteadOfGuessing() {
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.MAX_LIFETIME, "five")::get))
                .hasMessageContaining(DelegationSettings.MAX_LIFETIME);
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.MAX_CHAIN_DEPTH, "99")::get))
                .hasMessageContaining("between 1 and 32");
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.IMPLICIT_ACTOR, "azp")::get))
                .hasMessageContaining("implicit actor");
    }

    @Test
    void whenDefaultAudienceSetThenItIsRead() {
        DelegationSettings settings = DelegationSettings.read(name -> null,
                Map.of(DelegationSettings.ENABLED, "true", DelegationSettings.DEFAULT_AUDIENCE, " analytics-mcp ")::get);

        assertThat(settings.defaultAudience()).isEqualTo("analytics-mcp");
    }

    @Test
    void whenDefaultAudienceNotSetThenNone() {
        assertThat(DelegationSettings.read(name -> null, name -> null).defaultAudience()).isNull();
    }

    @Test
    void whenDefaultAudienceNamesSeveralThenRefused() {
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.DEFAULT_AUDIENCE, "a b")::get))
                .hasMessageContaining(DelegationSettings.DEFAULT_AUDIENCE);
    }

    @Test
    void whenImplicitActorUnknownThenRefused() {
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.IMPLICIT_ACTOR, "agent")::get))
                .hasMessageContaining("unknown implicit actor");
    }

    @Test
    void whenLifetimeZeroOrNegativeThenRefused() {
        assertThatThrownBy(() -> DelegationSettings.read(name -> null, Map.of(DelegationSettings.MAX_LIFETIME, "0")::get))
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> DelegationSettings.read(Map.of(DelegationSettings.MAX_LIFETIME, "-5")::get, name -> null))
                .hasMessageContaining(DelegationSettings.MAX_LIFETIME);
    }

    @Test
    void whenAPolicyAppliesThenDelegationIsEnabledAndItsValuesWin() {
        DelegationSettings settings = DelegationSettings.read(name -> null,
                Map.of(DelegationSettings.MAX_LIFETIME, "60")::get, Map.of(DelegationSettings.MAX_LIFETIME, "30")::get);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.maxLifetimeSeconds()).isEqualTo(30);
    }
}
