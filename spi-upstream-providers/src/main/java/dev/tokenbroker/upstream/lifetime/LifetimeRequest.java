package dev.tokenbroker.upstream.lifetime;

/**
 * The lifetime an exchange asked a platform for.
 *
 * @param seconds what was sent (e.g. AWS {@code DurationSeconds}, GCP {@code lifetime}); 0 when the
 *                platform takes no lifetime parameter
 * @param note    why this differs from what the grant allows (e.g. the platform's minimum is
 *                longer), or {@code null}
 */
public record LifetimeRequest(long seconds, String note) {

    /** The platform takes no lifetime parameter (RFC 8693 has none; Databricks and GCP STS derive their own). */
    public static final LifetimeRequest NONE = new LifetimeRequest(0, null);

    public boolean wasSent() {
        return seconds > 0;
    }
}
