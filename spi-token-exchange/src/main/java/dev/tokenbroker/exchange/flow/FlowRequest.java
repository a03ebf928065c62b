package dev.tokenbroker.exchange.flow;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.delegation.DelegationGrant;
import dev.tokenbroker.exchange.ExchangeRequest;

/**
 * Everything a flow needs: the validated grant, the request as sent (for {@code scope} and
 * {@code requested_token_type}, which mean something different to each platform), and the event
 * to add details to.
 */
public record FlowRequest(KeycloakSession session, RealmModel realm, String realmIssuer, DelegationGrant grant,
                          ExchangeRequest request, EventBuilder event) {
}
