package dev.tokenbroker.upstream.cache;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;

import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.suspension.SuspensionChanged;
import dev.tokenbroker.upstream.UpstreamExchangeFlowFactory;

/**
 * A global listener (every realm, no realm setting to forget), plus the provider events Keycloak
 * fires when users and clients are removed, which no admin event describes fully.
 */
public class UpstreamCacheInvalidatorFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-upstream-cache";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UpstreamCacheInvalidator(session, UpstreamExchangeFlowFactory.cache());
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                UpstreamExchangeFlowFactory.cache().dropUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                UpstreamExchangeFlowFactory.cache().dropActor(removed.getClient().getRealm().getId(), removed.getClient().getClientId());
            } else if (event instanceof SuspensionChanged suspended) {
                // The kill switch already refuses the exchange; the tokens go too, so lifting it starts afresh.
                if (suspended.suspension().kind() == Suspension.Kind.AGENT) {
                    UpstreamExchangeFlowFactory.cache().dropActor(suspended.realmId(), suspended.suspension().subject());
                } else {
                    UpstreamExchangeFlowFactory.cache().dropUser(suspended.realmId(), suspended.suspension().subject());
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
}
