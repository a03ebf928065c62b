package dev.tokenbroker.exchange.flow;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.exchange.ExchangeRecord;
import dev.tokenbroker.exchange.ExchangeRequest;

/**
 * Everything a route needs to issue: the validated (and policy-narrowed) grant, the request as sent
 * (for {@code scope} and {@code requested_token_type}, which mean something different to each
 * platform), and the audit record to add details to.
 */
public record FlowRequest(KeycloakSession session, RealmModel realm, String realmIssuer, DelegationGrant grant,
                          ExchangeRequest request, ExchangeRecord record) {
}
