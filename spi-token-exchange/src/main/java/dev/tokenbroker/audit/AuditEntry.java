package dev.tokenbroker.audit;

import java.util.List;

/**
 * One stored exchange record as admin REST shows it: who, through which agents, with which tool, to
 * which target, and what was decided. Only names and outcomes; the record holds no token.
 *
 * @param outcome   {@code allowed}, {@code denied} (refused by policy or kill switch) or {@code error} (any other refusal)
 * @param agents    actor subjects, least recent first, as the call went
 * @param upstream  the upstream alias for an upstream exchange, else {@code null}
 * @param latencyMs the platform call's duration, when one was made
 */
public record AuditEntry(String time, long timeMillis, String correlationId, String outcome, String error, String reason,
                         String userId, String user, List<String> agents, String requestingClient, String tool, String target,
                         String upstream, String flow, String policyEngine, String policyOutcome, Long latencyMs, String chain) {
}
