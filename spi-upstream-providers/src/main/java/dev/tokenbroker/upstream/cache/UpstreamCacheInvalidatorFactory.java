package dev.tokenbroker.upstream.cache;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;

import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.suspension.SuspensionChanged;

/**
 * A global listener (every realm, no realm setting to forget), plus the provider events Keycloak
 * fires when users and clients are removed, which no admin event describes fully. Every drop goes
 * through {@link UpstreamCacheEvents}, so it reaches every node of a cluster.
 */
public class UpstreamCacheInvalidatorFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-upstream-cache";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UpstreamCacheInvalidator(new SessionAccounts(session), drop -> UpstreamCacheEvents.publish(session, drop));
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                // The cluster provider is usable once the server has started; register before any exchange runs.
                UpstreamCacheEvents.listen(factory);
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                UpstreamCacheEvents.dropUser(removed.getKeycloakSession(), removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                UpstreamCacheEvents.dropActor(removed.getKeycloakSession(), removed.getClient().getRealm().getId(),
                        removed.getClient().getClientId());
            } else if (event instanceof SuspensionChanged suspended) {
                // The kill switch already refuses the exchange; the tokens go too, on every node, so lifting it starts afresh.
                if (suspended.suspension().kind() == Suspension.Kind.AGENT) {
                    UpstreamCacheEvents.dropActor(suspended.session(), suspended.realmId(), suspended.suspension().subject());
                } else {
                    UpstreamCacheEvents.dropUser(suspended.session(), suspended.realmId(), suspended.suspension().subject());
                }
            }
        });
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Looks users and clients up in the event's own session. */
    private record SessionAccounts(KeycloakSession session) implements UpstreamCacheInvalidator.Accounts {

        @Override
        public boolean userEnabled(String realmId, String userId) {
            RealmModel realm = session.realms().getRealm(realmId);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            return user != null && user.isEnabled();
        }

        @Override
        public String disabledClientId(String realmId, String clientUuid) {
            RealmModel realm = session.realms().getRealm(realmId);
            ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
            return client != null && !client.isEnabled() ? client.getClientId() : null;
        }
    }
}
