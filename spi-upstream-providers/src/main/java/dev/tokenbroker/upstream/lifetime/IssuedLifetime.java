package dev.tokenbroker.upstream.lifetime;

import dev.tokenbroker.exchange.ExchangeRecord;

/**
 * The {@code expires_in} a caller is told, and what the audit event records about it. The caller is
 * never told more than the platform issued, more than the grant has left, or more than the
 * upstream's {@code expires-in.max}; where the platform's credential lives longer than the grant
 * (a minimum it imposes, or no lifetime parameter at all) the event says so, because shortening
 * {@code expires_in} does not shorten the credential itself.
 *
 * @param expiresIn the value for the response
 * @param issued    seconds the platform's credential is valid for (remaining, when served from the cache)
 * @param requested what was asked of the platform
 * @param note      the difference worth an auditor's attention, or {@code null}
 */
public record IssuedLifetime(long expiresIn, long issued, LifetimeRequest requested, String note) {

    public static final String REQUESTED_DETAIL = "upstream_lifetime_requested";
    public static final String ISSUED_DETAIL = "upstream_lifetime_issued";
    public static final String NOTE_DETAIL = "upstream_lifetime_note";

    /**
     * @param platform     names the platform in the note, e.g. {@code gcp-sts}
     * @param issued       seconds the platform's credential is still valid for
     * @param requested    what was asked of the platform
     * @param grant        what the delegated grant has left
     * @param maxExpiresIn the upstream's cap on {@code expires_in}
     */
    public static IssuedLifetime settle(String platform, long issued, LifetimeRequest requested, GrantLifetime grant,
                                        long maxExpiresIn) {
        long expiresIn = Math.min(Math.min(issued, grant.remainingSeconds()), maxExpiresIn);
        String note = requested.note();
        if (issued > grant.remainingSeconds()) {
            String why = note != null ? note
                    : platform + " credential valid " + issued + " s, beyond grant " + grant.remainingSeconds() + " s"
                    + (requested.wasSent() ? "" : " (no lifetime parameter)");
            note = why + (note != null ? "; credential valid " + issued + " s" : "") + "; expires_in capped to " + expiresIn + " s";
        }
        return new IssuedLifetime(expiresIn, issued, requested, note);
    }

    /** Adds requested (if sent), issued and the note (if any) to the exchange's record. */
    public void recordOn(ExchangeRecord record) {
        if (requested.wasSent()) {
            record.detail(REQUESTED_DETAIL, String.valueOf(requested.seconds()));
        }
        record.detail(ISSUED_DETAIL, String.valueOf(issued)).detail(NOTE_DETAIL, note);
    }
}
