package dev.tokenbroker.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    /**
     * Meters by tag values: Micrometer's {@code register} builds, sorts and filters a meter id on every
     * call, which showed in the per-exchange profile; the tag values are bounded (see above), so is this.
     */
    private static final Map<List<String>, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<List<String>, Timer> TIMERS = new ConcurrentHashMap<>();

    private ExchangeMetrics() {
    }

    public static void record(RecordFacts facts, long policyNanos) {
        MeterRegistry registry = Metrics.globalRegistry;
        Map<String, String> d = facts.details();
        boolean routed = d.get("flow") != null;
        String flow = routed ? d.get("flow") : NONE;
        String target = routed ? d.getOrDefault("audience", NONE) : NONE;
        String outcome = facts.error() == null ? "allowed" : "refused";
        String error = facts.error() == null ? NONE : facts.error();
        counter(List.of("tokenbroker.exchanges", flow, target, outcome, error), key -> Counter.builder(key.get(0))
                .description("Token exchanges handled by the broker")
                .tags("flow", flow, "target", target, "outcome", outcome, "error", error).register(registry)).increment();
        timer(List.of("tokenbroker.exchange", flow, outcome), key -> Timer.builder(key.get(0))
                .description("Time the broker spent on an exchange")
                .tags("flow", flow, "outcome", outcome).register(registry)).record(facts.durationMillis(), TimeUnit.MILLISECONDS);
        String engine = d.get("policy_engine");
        if (policyNanos >= 0 && engine != null) {
            String decided = d.getOrDefault("policy_outcome", NONE);
            timer(List.of("tokenbroker.policy.decision", engine, decided), key -> Timer.builder(key.get(0))
                    .description("Policy decision latency")
                    .tags("engine", engine, "outcome", decided).register(registry)).record(policyNanos, TimeUnit.NANOSECONDS);
        }
        String upstream = d.get("upstream");
        if (upstream == null) {
            return;
        }
        String cache = d.get("upstream_cache");
        if (cache != null) {
            counter(List.of("tokenbroker.upstream.cache", upstream, cache), key -> Counter.builder(key.get(0))
                    .description("Upstream token cache lookups")
                    .tags("upstream", upstream, "result", cache).register(registry)).increment();
        }
        String latency = d.get("upstream_latency_ms");
        if (latency != null) {
            String called = d.getOrDefault("upstream_outcome", NONE);
            timer(List.of("tokenbroker.upstream.call", upstream, called), key -> Timer.builder(key.get(0))
                    .description("Calls to upstream platforms")
                    .tags("upstream", upstream, "outcome", called).register(registry))
                    .record(Long.parseLong(latency), TimeUnit.MILLISECONDS);
        }
    }

    private static Counter counter(List<String> key, Function<List<String>, Counter> create) {
        Counter counter = COUNTERS.get(key);
        return counter != null ? counter : COUNTERS.computeIfAbsent(key, create);
    }

    private static Timer timer(List<String> key, Function<List<String>, Timer> create) {
        Timer timer = TIMERS.get(key);
        return timer != null ? timer : TIMERS.computeIfAbsent(key, create);
    }
}
