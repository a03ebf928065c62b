package dev.tokenbroker.suspension;

import java.util.List;

import org.keycloak.models.RealmModel;

/**
 * Decides before any policy engine: an exchange is refused when its user, its requesting client or
 * any actor in its chain is suspended. Checking the whole chain matters because a suspended agent
 * can otherwise still act one hop down (as {@code act.act.sub}) through a gateway that is not.
 */
public final class KillSwitch {

    /** The policy engine name the record shows for a refusal by the kill switch. */
    public static final String ENGINE = "kill-switch";

    private KillSwitch() {
    }

    /** The suspension that stops this exchange, or {@code null} when none does. */
    public static Suspension stopping(RealmModel realm, String userId, String requestingClient, List<String> actorSubjects) {
        Suspension user = Suspensions.find(realm, Suspension.Kind.USER, userId);
        if (user != null) {
            return user;
        }
        Suspension client = Suspensions.find(realm, Suspension.Kind.AGENT, requestingClient);
        if (client != null) {
            return client;
        }
        for (String actor : actorSubjects) {
            // An actor is an agent (client id) or a human (user id): either kind of entry stops it.
            Suspension agent = Suspensions.find(realm, Suspension.Kind.AGENT, actor);
            if (agent != null) {
                return agent;
            }
            Suspension human = Suspensions.find(realm, Suspension.Kind.USER, actor);
            if (human != null) {
                return human;
            }
        }
        return null;
    }

    /** What the caller and the record are told. */
    public static String describe(Suspension suspension, String username) {
        String who = suspension.kind() == Suspension.Kind.AGENT ? "agent '" + suspension.subject() + "'"
                : "user '" + (username != null ? username : suspension.subject()) + "'";
        return who + " is suspended by the realm's kill switch: " + suspension.reason();
    }
}
