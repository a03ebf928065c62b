package dev.tokenbroker.upstream;

/** Names of the audit details every upstream route (federated, passthrough, brokered) adds to the record. */
public final class UpstreamDetails {

    public static final String UPSTREAM = "upstream";
    public static final String UPSTREAM_PROVIDER = "upstream_provider";
    public static final String CACHE = "upstream_cache";
    public static final String OUTCOME = "upstream_outcome";
    public static final String LATENCY = "upstream_latency_ms";

    private UpstreamDetails() {
    }
}
