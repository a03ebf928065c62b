package dev.tokenbroker.upstream.cache;

import java.util.function.Consumer;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

import dev.tokenbroker.upstream.cache.UpstreamCacheDrop.Target;

/**
 * Turns Keycloak's events into drops of cached platform tokens when what they were issued for ends:
 * the user logs out or is logged out, her session is deleted, she is disabled or removed, or a client
 * in the actor chain is disabled. Removals of users and clients arrive as provider events
 * ({@link UpstreamCacheInvalidatorFactory}); upstream changes through the upstream factories.
 *
 * <p>Serving from the cache already requires a live subject token (so a disabled user or client, or
 * an ended session, is refused before the cache is consulted); this makes the tokens go as well, so
 * re-enabling an agent does not bring its old platform tokens back.
 */
final class UpstreamCacheInvalidator implements EventListenerProvider {

    /** What the invalidator needs to know about the realm's users and clients, at the time of the event. */
    interface Accounts {
        boolean userEnabled(String realmId, String userId);

        /** The client's {@code client_id} if it exists and is disabled, else {@code null}. */
        String disabledClientId(String realmId, String clientUuid);
    }

    private final Accounts accounts;
    private final Consumer<UpstreamCacheDrop> publish;

    UpstreamCacheInvalidator(Accounts accounts, Consumer<UpstreamCacheDrop> publish) {
        this.accounts = accounts;
        this.publish = publish;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() == EventType.LOGOUT && event.getSessionId() != null) {
            publish.accept(new UpstreamCacheDrop(event.getRealmId(), Target.USER_SESSION, event.getSessionId()));
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String[] path = event.getResourcePath() == null ? new String[0] : event.getResourcePath().split("/");
        if (path.length < 2) {
            return;
        }
        String realmId = event.getRealmId();
        if (event.getResourceType() == ResourceType.USER && path[0].equals("users")) {
            boolean loggedOut = path.length > 2 && path[2].equals("logout");
            if (event.getOperationType() == OperationType.DELETE || loggedOut || !accounts.userEnabled(realmId, path[1])) {
                publish.accept(new UpstreamCacheDrop(realmId, Target.USER, path[1]));
            }
        } else if (event.getResourceType() == ResourceType.USER_SESSION && path[0].equals("sessions")) {
            publish.accept(new UpstreamCacheDrop(realmId, Target.USER_SESSION, path[1]));
        } else if (event.getResourceType() == ResourceType.CLIENT && path[0].equals("clients") && path.length == 2) {
            String disabled = accounts.disabledClientId(realmId, path[1]);
            if (disabled != null) {
                publish.accept(new UpstreamCacheDrop(realmId, Target.ACTOR, disabled));
            }
        }
    }

    @Override
    public void close() {
    }
}
