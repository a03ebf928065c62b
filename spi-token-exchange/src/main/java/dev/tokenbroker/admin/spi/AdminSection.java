package dev.tokenbroker.admin.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * A part of the broker's admin REST served by another module of ours (the upstreams, which this
 * module cannot see): the factory's id is the path segment under {@code /admin/realms/{realm}/token-broker}.
 * The returned JAX-RS resource checks the permission each of its methods needs ({@code view-realm},
 * {@code manage-realm}) and emits an admin event for every change.
 */
public interface AdminSection extends Provider {

    Object resource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent);

    @Override
    default void close() {
    }
}
