package dev.tokenbroker.audit;

import java.util.Map;

/**
 * A finished exchange record as the audit line and the metrics read it: the event's details and
 * the facts Keycloak keeps outside them.
 *
 * @param error the OAuth error the caller got, or {@code null} when the exchange was allowed
 */
public record RecordFacts(String correlationId, long timeMillis, String realmName, String userId, String sessionId,
                          String ipAddress, String error, long durationMillis, Map<String, String> details) {
}
