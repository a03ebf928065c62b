package dev.tokenbroker.suspension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The realm's kill switch: suspended agents and users, kept as realm attributes
 * ({@code tokenbroker.suspended.agent.<client id>}, {@code tokenbroker.suspended.user.<user id>}).
 * A change invalidates the realm in every node's cache, so a suspension holds cluster-wide from the
 * next request; a lookup per exchange is a map read on the cached realm.
 */
public final class Suspensions {

    private Suspensions() {
    }

    /** The suspension of this agent or user, or {@code null}. */
    public static Suspension find(RealmModel realm, Suspension.Kind kind, String subject) {
        String stored = realm.getAttribute(kind.attributePrefix() + subject);
        return stored == null ? null : parse(kind, subject, stored);
    }

    public static void suspend(RealmModel realm, Suspension suspension) {
        try {
            realm.setAttribute(suspension.kind().attributePrefix() + suspension.subject(), JsonSerialization.writeValueAsString(
                    Map.of("reason", suspension.reason(), "since", suspension.since(), "by", suspension.by() == null ? "" : suspension.by())));
        } catch (IOException e) {
            throw new IllegalStateException("suspension not serialisable", e);
        }
    }

    /** Lifts a suspension; {@code false} when there was none. */
    public static boolean lift(RealmModel realm, Suspension.Kind kind, String subject) {
        String key = kind.attributePrefix() + subject;
        if (realm.getAttribute(key) == null) {
            return false;
        }
        realm.removeAttribute(key);
        return true;
    }

    public static List<Suspension> all(RealmModel realm) {
        List<Suspension> all = new ArrayList<>();
        realm.getAttributes().forEach((name, value) -> {
            for (Suspension.Kind kind : Suspension.Kind.values()) {
                if (name.startsWith(kind.attributePrefix())) {
                    all.add(parse(kind, name.substring(kind.attributePrefix().length()), value));
                }
            }
        });
        return all;
    }

    private static Suspension parse(Suspension.Kind kind, String subject, String stored) {
        try {
            JsonNode node = JsonSerialization.mapper.readTree(stored);
            return new Suspension(kind, subject, node.path("reason").asText("suspended"), node.path("since").asLong(0),
                    node.path("by").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            // An entry someone edited by hand still suspends: the kill switch fails closed.
            return new Suspension(kind, subject, "suspended", 0, null);
        }
    }
}
