package dev.tokenbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** When a filtered page of the audit trail may be incomplete because the scan of the newest records hit its bound. */
class AuditPageTest {

    private static final int BOUND = 10;
    private static final Predicate<AuditEntry> BY_BOB = entry -> "bob".equals(entry.user());

    private static List<AuditEntry> records(int count, int everyNthIsBob) {
        return IntStream.range(0, count).mapToObj(i -> entry("c-" + i, i % everyNthIsBob == 0 ? "bob" : "alice")).toList();
    }

    private static AuditEntry entry(String correlationId, String user) {
        return new AuditEntry("2026-12-01T00:00:00Z", 0L, correlationId, "allowed", null, null, user + "-id", user, List.of("claude-desktop"),
                "mcp-gateway", null, "databricks", "databricks", "federated", "builtin", "allow", null, user + " → claude-desktop → databricks");
    }

    @Test
    void aScanThatHitItsBoundBeforeThePageFilledMayHaveMissedOlderRecords() {
        AuditPage page = AuditPage.of(records(BOUND, 4), BOUND, BY_BOB, 0, 5);

        assertThat(page.entries()).extracting(AuditEntry::correlationId).containsExactly("c-0", "c-4", "c-8");
        assertThat(page.truncated()).isTrue();
    }

    @Test
    void aScanBelowItsBoundSawEveryRecordSoNothingIsMissing() {
        AuditPage page = AuditPage.of(records(BOUND - 1, 4), BOUND, BY_BOB, 0, 5);

        assertThat(page.entries()).hasSize(3);
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void aFullPageIsCompleteEvenWhenTheScanHitItsBound() {
        AuditPage page = AuditPage.of(records(BOUND, 1), BOUND, BY_BOB, 0, 5);

        assertThat(page.entries()).hasSize(5);
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void aPageBeyondTheScannedRecordsIsEmptyAndSaysSo() {
        AuditPage page = AuditPage.of(records(BOUND, 1), BOUND, entry -> true, BOUND, 5);

        assertThat(page.entries()).isEmpty();
        assertThat(page.truncated()).isTrue();
    }
}
