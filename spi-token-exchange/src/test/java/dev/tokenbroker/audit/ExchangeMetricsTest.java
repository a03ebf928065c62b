package dev.tokenbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExchangeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    private static RecordFacts facts(String error, Map<String, String> details) {
        return new RecordFacts("corr-1", 1_796_000_000_000L, "acme", "alice-id", "sid-1", "127.0.0.1", error, 12,
                List.of("claude-desktop"), details);
    }

    @Test
    void whenTheSameSeriesIsRecordedTwiceThenOneMeterCountsBoth() {
        Map<String, String> details = Map.of("flow", "local", "audience", "metrics-test-a", "policy_engine", "none",
                "policy_outcome", "allow");
        ExchangeMetrics.record(facts(null, details), 1_000);
        ExchangeMetrics.record(facts(null, details), 1_000);

        assertThat(registry.get("tokenbroker.exchanges").tags("flow", "local", "target", "metrics-test-a",
                "outcome", "allowed", "error", "none").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tokenbroker.policy.decision").tags("engine", "none", "outcome", "allow").timer().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void whenTagsDifferThenTheSeriesAreKeptApart() {
        ExchangeMetrics.record(facts(null, Map.of("flow", "federated", "audience", "metrics-test-b", "upstream", "metrics-test-b",
                "upstream_cache", "hit")), -1);
        ExchangeMetrics.record(facts("access_denied", Map.of("flow", "federated", "audience", "metrics-test-b")), -1);

        assertThat(registry.get("tokenbroker.exchanges").tags("target", "metrics-test-b", "outcome", "allowed").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("tokenbroker.exchanges").tags("target", "metrics-test-b", "outcome", "refused",
                "error", "access_denied").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tokenbroker.upstream.cache").tags("upstream", "metrics-test-b", "result", "hit").counter().count())
                .isEqualTo(1.0);
    }
}
