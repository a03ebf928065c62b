package dev.tokenbroker.audit;

import java.util.List;
import java.util.Map;

/**
 * A finished exchange record as the audit line and the metrics read it: the event's details and
 * the facts Keycloak keeps outside them.
 *
 * @param error      the OAuth error the caller got, or {@code null} when the exchange was allowed
 * @param actorChain actor subjects, current first; empty when the exchange ended before its actors were known
 */
public record RecordFacts(String correlationId, long timeMillis, String realmName, String userId, String sessionId,
                          String ipAddress, String error, long durationMillis, List<String> actorChain,
                          Map<String, String> details) {
}
