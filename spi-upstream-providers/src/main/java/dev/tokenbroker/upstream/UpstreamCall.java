package dev.tokenbroker.upstream;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.upstream.http.UpstreamHttp;

/**
 * One exchange towards one upstream.
 *
 * @param subject the user's name on the platform (the assertion's {@code sub})
 * @param scope   the platform scope this exchange asks for (validated against the upstream's allowed scopes)
 */
public record UpstreamCall(KeycloakSession session, RealmModel realm, UpstreamSettings settings, DelegationGrant grant,
                           String subject, String scope, UpstreamHttp http) {
}
