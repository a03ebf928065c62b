package dev.tokenbroker.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MayActTest {

    private static final String ISSUER = "https://kc.example/realms/acme";

    @Test
    void whenSubMatchesThenPermits() {
        assertThat(MayAct.fromClaim(Map.of("sub", "agent-x")).permits(new Actor("agent-x"), ISSUER)).isTrue();
    }

    @Test
    void whenSubDiffersThenRefuses() {
        assertThat(MayAct.fromClaim(Map.of("sub", "agent-x")).permits(new Actor("agent-y"), ISSUER)).isFalse();
    }

    @Test
    void whenIssuerNamedThenItMustMatchToo() {
        MayAct mayAct = MayAct.fromClaim(Map.of("sub", "agent-x", "iss", "https://other.example"));

        assertThat(mayAct.permits(new Actor("agent-x"), ISSUER)).isFalse();
        assertThat(MayAct.fromClaim(Map.of("sub", "agent-x", "iss", ISSUER)).permits(new Actor("agent-x"), ISSUER)).isTrue();
    }

    @Test
    void whenAbsentThenNull() {
        assertThat(MayAct.fromClaim(null)).isNull();
    }

    @Test
    void whenMalformedThenRefusedNotGuessed() {
        assertThatThrownBy(() -> MayAct.fromClaim("agent-x")).isInstanceOf(ActorChain.MalformedActClaimException.class);
        assertThatThrownBy(() -> MayAct.fromClaim(Map.of("sub", 1))).isInstanceOf(ActorChain.MalformedActClaimException.class);
        assertThatThrownBy(() -> MayAct.fromClaim(Map.of("sub", "a", "iss", 7))).isInstanceOf(ActorChain.MalformedActClaimException.class);
    }
}
