package dev.tokenbroker.upstream.spi;

/**
 * The platform refused, failed or could not be reached. The message is what the caller sees, prefixed
 * with the upstream alias by the flow: the platform's own reason (e.g. {@code 401 Invalid credentials}),
 * never the assertion or a secret.
 */
public final class UpstreamFailure extends RuntimeException {

    /** Whether retrying later can help: the platform was down, slow or garbled (503), not refusing (400). */
    private final boolean transientFailure;

    private UpstreamFailure(String message, boolean transientFailure, Throwable cause) {
        super(message, cause, false, false);
        this.transientFailure = transientFailure;
    }

    /** The platform answered and said no (a 4xx, or a 2xx that grants nothing usable). */
    public static UpstreamFailure rejected(String reason) {
        return new UpstreamFailure(reason, false, null);
    }

    /** The platform did not answer usefully: unreachable, timed out, 5xx, malformed body. */
    public static UpstreamFailure unavailable(String reason, Throwable cause) {
        return new UpstreamFailure(reason, true, cause);
    }

    /**
     * The platform answered an HTTP error: a 4xx is its refusal, except 408 and 429, which (like a
     * 5xx or anything else unexpected) say "not now" rather than "no".
     */
    public static UpstreamFailure forStatus(int status, String reason) {
        boolean refusal = status >= 400 && status < 500 && status != 408 && status != 429;
        return refusal ? rejected(reason) : unavailable(reason, null);
    }

    /** The user or request cannot be expressed for this platform (e.g. no mapped role or subject). */
    public static UpstreamFailure notMappable(String reason) {
        return new UpstreamFailure(reason, false, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
