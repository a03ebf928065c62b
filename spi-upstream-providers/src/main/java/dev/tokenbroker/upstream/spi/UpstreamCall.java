package dev.tokenbroker.upstream.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.lifetime.GrantLifetime;

/**
 * One exchange towards one upstream.
 *
 * @param subject  the user's name on the platform (the assertion's {@code sub})
 * @param scope    the platform scope this exchange asks for (validated against the upstream's allowed scopes)
 * @param lifetime what the grant has left: the most a platform that takes a lifetime parameter is asked for
 */
public record UpstreamCall(KeycloakSession session, RealmModel realm, UpstreamSettings settings, DelegationGrant grant,
                           String subject, String scope, GrantLifetime lifetime, UpstreamHttp http) {
}
