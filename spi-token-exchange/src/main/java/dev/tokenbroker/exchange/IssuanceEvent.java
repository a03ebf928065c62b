package dev.tokenbroker.exchange;

import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The event Keycloak's own issuance reports into when it issues a delegated token. Its details are
 * taken into the exchange's record ({@link ExchangeRecord#absorb}); it is never sent itself, so the
 * pipeline stays the one writer of the one record, whatever Keycloak's issuance does inside.
 */
final class IssuanceEvent extends EventBuilder {

    IssuanceEvent(RealmModel realm, KeycloakSession session, ClientConnection connection) {
        super(realm, session, connection);
    }

    @Override
    public void success() {
        // collected, not sent: the pipeline ends the record
    }

    @Override
    public void error(String error) {
        // Keycloak throws right after; the pipeline records that refusal
    }
}
