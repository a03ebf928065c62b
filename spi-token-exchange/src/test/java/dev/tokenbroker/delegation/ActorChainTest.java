package dev.tokenbroker.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActorChainTest {

    @Test
    void whenDelegatedThenNewActorIsOutermostAndPriorOnesNestDeeper() {
        ActorChain chain = ActorChain.empty().delegatedTo(new Actor("app")).delegatedTo(new Actor("gateway")).delegatedTo(new Actor("tool"));

        assertThat(chain.toActClaim()).isEqualTo(Map.of("sub", "tool", "act", Map.of("sub", "gateway", "act", Map.of("sub", "app"))));
        assertThat(chain.subjects()).containsExactly("tool", "gateway", "app");
        assertThat(chain.current()).isEqualTo(new Actor("tool"));
        assertThat(chain.depth()).isEqualTo(3);
    }

    @Test
    void whenReadFromClaimThenRoundTrips() {
        Map<String, Object> claim = Map.of("sub", "b", "act", Map.of("sub", "a"));

        ActorChain chain = ActorChain.fromActClaim(claim, 10);

        assertThat(chain.actors()).containsExactly(new Actor("b"), new Actor("a"));
        assertThat(chain.toActClaim()).isEqualTo(claim);
    }

    @Test
    void whenNoClaimThenEmptyChainWithNoClaim() {
        assertThat(ActorChain.fromActClaim(null, 10).isEmpty()).isTrue();
        assertThat(ActorChain.empty().subjects()).isEmpty();
        assertThat(ActorChain.empty().toActClaim()).isNull();
    }

    @Test
    void whenClaimIsNotAnObjectThenMalformed() {
        assertThatThrownBy(() -> ActorChain.fromActClaim("agent", 10)).isInstanceOf(ActorChain.MalformedActClaimException.class);
        assertThatThrownBy(() -> ActorChain.fromActClaim(List.of(Map.of("sub", "a")), 10)).isInstanceOf(ActorChain.MalformedActClaimException.class);
    }

    @Test
    void whenSubMissingOrNotAStringThenMalformed() {
        assertThatThrownBy(() -> ActorChain.fromActClaim(Map.of("client_id", "a"), 10)).hasMessageContaining("act.sub");
        assertThatThrownBy(() -> ActorChain.fromActClaim(Map.of("sub", 42), 10)).hasMessageContaining("act.sub");
        assertThatThrownBy(() -> ActorChain.fromActClaim(Map.of("sub", "b", "act", Map.of("sub", "")), 10)).hasMessageContaining("act.sub");
    }

    @Test
    void whenNestedDeeperThanTheReadLimitThenMalformed() {
        Object claim = Map.of("sub", "c", "act", Map.of("sub", "b", "act", Map.of("sub", "a")));

        assertThatThrownBy(() -> ActorChain.fromActClaim(claim, 2)).hasMessageContaining("deeper than 2");
    }

    @Test
    void whenDepthLimitReachedExactlyThenChainIsRead() {
        Object claim = Map.of("sub", "b", "act", Map.of("sub", "a"));

        assertThat(ActorChain.fromActClaim(claim, 2).depth()).isEqualTo(2);
    }

    @Test
    void whenNestedActIsNotAnObjectThenMalformed() {
        assertThatThrownBy(() -> ActorChain.fromActClaim(Map.of("sub", "b", "act", "a"), 10)).hasMessageContaining("JSON object");
    }

    @Test
    void whenActorAppearsAnywhereInChainThenContainsIsTrue() {
        ActorChain chain = ActorChain.empty().delegatedTo(new Actor("a")).delegatedTo(new Actor("b"));

        assertThat(chain.contains(new Actor("a"))).isTrue();
        assertThat(chain.contains(new Actor("c"))).isFalse();
    }
}
