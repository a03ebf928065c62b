package dev.tokenbroker.audit;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Exchange metrics in Keycloak's Micrometer registry (served on the management port's
 * {@code /metrics} with {@code --metrics-enabled=true}). Tags take only values the realm's
 * configuration bounds (flow, configured targets, error codes), never what a caller sent, so a
 * caller cannot grow the number of series.
 *
 * <ul>
 *   <li>{@code tokenbroker_exchanges_total{flow,target,outcome,error}}</li>
 *   <li>{@code tokenbroker_exchange_seconds{flow,outcome}}</li>
 *   <li>{@code tokenbroker_policy_decision_seconds{engine,outcome}}</li>
 *   <li>{@code tokenbroker_upstream_call_seconds{upstream,outcome}}</li>
 *   <li>{@code tokenbroker_upstream_cache_total{upstream,result}}</li>
 * </ul>
 */
public final class ExchangeMetrics {

    private static final String NONE = "none";

    private ExchangeMetrics() {
    }

    public static void record(RecordFacts facts, long policyNanos) {
        MeterRegistry registry = Metrics.globalRegistry;
        Map<String, String> d = facts.details();
        boolean routed = d.get("flow") != null;
        String flow = routed ? d.get("flow") : NONE;
        String target = routed ? d.getOrDefault("audience", NONE) : NONE;
        String outcome = facts.error() == null ? "allowed" : "refused";
        Counter.builder("tokenbroker.exchanges").description("Token exchanges handled by the broker")
                .tags("flow", flow, "target", target, "outcome", outcome, "error", facts.error() == null ? NONE : facts.error())
                .register(registry).increment();
        Timer.builder("tokenbroker.exchange").description("Time the broker spent on an exchange")
                .tags("flow", flow, "outcome", outcome)
                .register(registry).record(facts.durationMillis(), TimeUnit.MILLISECONDS);
        if (policyNanos >= 0 && d.get("policy_engine") != null) {
            Timer.builder("tokenbroker.policy.decision").description("Policy decision latency")
                    .tags("engine", d.get("policy_engine"), "outcome", d.getOrDefault("policy_outcome", NONE))
                    .register(registry).record(policyNanos, TimeUnit.NANOSECONDS);
        }
        String upstream = d.get("upstream");
        if (upstream == null) {
            return;
        }
        if (d.get("upstream_cache") != null) {
            Counter.builder("tokenbroker.upstream.cache").description("Upstream token cache lookups")
                    .tags("upstream", upstream, "result", d.get("upstream_cache")).register(registry).increment();
        }
        String latency = d.get("upstream_latency_ms");
        if (latency != null) {
            Timer.builder("tokenbroker.upstream.call").description("Calls to upstream platforms")
                    .tags("upstream", upstream, "outcome", d.getOrDefault("upstream_outcome", NONE))
                    .register(registry).record(Long.parseLong(latency), TimeUnit.MILLISECONDS);
        }
    }
}
