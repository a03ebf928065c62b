package dev.tokenbroker.upstream.cache;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Drops cached platform tokens when what they were issued for ends: the user logs out or is logged
 * out, her session is deleted, she is disabled or removed, or a client in the actor chain is disabled.
 *
 * <p>Serving from the cache already requires a live subject token (so a disabled user or client, or
 * an ended session, is refused before the cache is consulted); this makes the tokens go as well, so
 * re-enabling an agent does not bring its old platform tokens back.
 */
final class UpstreamCacheInvalidator implements EventListenerProvider {

    private final KeycloakSession session;
    private final UpstreamTokenCache cache;

    UpstreamCacheInvalidator(KeycloakSession session, UpstreamTokenCache cache) {
        this.session = session;
        this.cache = cache;
    }

    @Override
    public void onEvent(Event event) {
        if ((event.getType() == EventType.LOGOUT) && event.getSessionId() != null) {
            cache.dropUserSession(event.getRealmId(), event.getSessionId());
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
            if (event.getOperationType() == OperationType.DELETE || path.length > 2 && path[2].equals("logout") || !userEnabled(realmId, path[1])) {
                cache.dropUser(realmId, path[1]);
            }
        } else if (event.getResourceType() == ResourceType.USER_SESSION && path[0].equals("sessions")) {
            cache.dropUserSession(realmId, path[1]);
        } else if (event.getResourceType() == ResourceType.CLIENT && path[0].equals("clients") && path.length == 2) {
            ClientModel client = client(realmId, path[1]);
            if (client != null && !client.isEnabled()) {
                cache.dropActor(realmId, client.getClientId());
            }
        }
    }

    private boolean userEnabled(String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        return user != null && user.isEnabled();
    }

    private ClientModel client(String realmId, String clientUuid) {
        RealmModel realm = session.realms().getRealm(realmId);
        return realm == null ? null : realm.getClientById(clientUuid);
    }

    @Override
    public void close() {
    }
}
