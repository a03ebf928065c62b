package dev.tokenbroker.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventQuery;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.delegation.DelegationSettings;

/**
 * Reads exchange records back from Keycloak's event store ({@code TOKEN_EXCHANGE} and
 * {@code TOKEN_EXCHANGE_ERROR} with the details the pipeline writes), so the trail an admin sees
 * survives restarts and is the same on every node. Needs the realm to save those event types.
 *
 * <p>The store filters by realm, type and user; the broker's own details (agent, tool, upstream,
 * outcome) are filtered here, over at most {@value #SCAN_LIMIT} of the newest records, which bounds
 * the work of one admin request whatever the store holds.
 */
public final class AuditTrail {

    public static final int SCAN_LIMIT = 2000;
    // Detail names as ExchangeRecord and the upstream routes write them (this module cannot see the latter's constants).
    private static final String UPSTREAM = "upstream";
    private static final String UPSTREAM_LATENCY = "upstream_latency_ms";

    private final KeycloakSession session;
    private final RealmModel realm;

    public AuditTrail(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Records newest first that match {@code filter}, skipping {@code first}, at most {@code max}.
     *
     * @param userId only this user's records (filtered by the store), or {@code null}
     */
    public AuditPage find(String userId, Predicate<AuditEntry> filter, int first, int max) {
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null) {
            return new AuditPage(List.of(), false);
        }
        EventQuery query = store.createQuery().realm(realm.getId()).type(EventType.TOKEN_EXCHANGE, EventType.TOKEN_EXCHANGE_ERROR)
                .orderByDescTime().maxResults(SCAN_LIMIT);
        if (userId != null) {
            query.user(userId);
        }
        return AuditPage.of(query.getResultStream().map(AuditTrail::entry).toList(), SCAN_LIMIT, filter, first, max);
    }

    /** The newest records, unfiltered (for per-upstream and per-agent summaries). */
    public List<AuditEntry> recent() {
        return find(null, entry -> true, 0, SCAN_LIMIT).entries();
    }

    public static AuditEntry entry(Event event) {
        Map<String, String> d = event.getDetails() == null ? Map.of() : event.getDetails();
        List<String> actorsCurrentFirst = actors(d.get("act"));
        List<String> agents = new ArrayList<>(actorsCurrentFirst);
        java.util.Collections.reverse(agents);
        String error = event.getError();
        String user = d.get(Details.USERNAME);
        String target = d.get(Details.AUDIENCE);
        return new AuditEntry(Instant.ofEpochMilli(event.getTime()).toString(), event.getTime(), d.get("correlation_id"),
                outcome(error, d.get("policy_outcome")), error, d.get(Details.REASON), event.getUserId(), user, List.copyOf(agents),
                d.get("requesting_client"), d.get("tool"), target, d.get(UPSTREAM), d.get("flow"), d.get("policy_engine"),
                d.get("policy_outcome"), number(d.get(UPSTREAM_LATENCY)),
                AuditLine.chainText(user, actorsCurrentFirst, d.get("tool"), target));
    }

    /** A refusal the policy (or the kill switch) chose is a denial; any other refusal is an error. */
    private static String outcome(String error, String policyOutcome) {
        if (error == null) {
            return "allowed";
        }
        return OAuthErrorException.ACCESS_DENIED.equals(error) || "deny".equals(policyOutcome) ? "denied" : "error";
    }

    private static List<String> actors(String act) {
        if (act == null) {
            return List.of();
        }
        try {
            return ActorChain.fromActClaim(JsonSerialization.readValue(act, Map.class), DelegationSettings.HARD_MAX_CHAIN_DEPTH).subjects();
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
