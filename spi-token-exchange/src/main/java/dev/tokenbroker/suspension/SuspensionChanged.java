package dev.tokenbroker.suspension;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on this node when an agent or user is suspended, so that what is cached for them (e.g.
 * upstream platform tokens) is dropped; listeners spread that to the other nodes of a cluster.
 */
public record SuspensionChanged(KeycloakSession session, String realmId, Suspension suspension) implements ProviderEvent {
}
