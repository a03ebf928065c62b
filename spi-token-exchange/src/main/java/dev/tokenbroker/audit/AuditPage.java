package dev.tokenbroker.audit;

import java.util.List;
import java.util.function.Predicate;

/**
 * One page of a filtered search of the audit trail, and whether it may be incomplete: the broker's own
 * details are filtered over a bounded scan of the newest records, so when the scan held as many
 * records as its bound and still did not fill the page, older matching records may exist that were
 * never looked at. A full page is complete whatever the scan held (older pages are asked with
 * {@code first}).
 *
 * @param truncated the scan reached its bound before the page was full
 */
public record AuditPage(List<AuditEntry> entries, boolean truncated) {

    /**
     * @param scanned the newest records as the store answered, at most {@code scanLimit} of them
     */
    static AuditPage of(List<AuditEntry> scanned, int scanLimit, Predicate<AuditEntry> filter, int first, int max) {
        List<AuditEntry> entries = scanned.stream().filter(filter).skip(Math.max(0, first)).limit(Math.max(0, max)).toList();
        return new AuditPage(entries, scanned.size() >= scanLimit && entries.size() < max);
    }
}
