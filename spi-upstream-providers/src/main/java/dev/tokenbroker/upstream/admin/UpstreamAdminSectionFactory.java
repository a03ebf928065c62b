package dev.tokenbroker.upstream.admin;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.tokenbroker.admin.spi.AdminSection;
import dev.tokenbroker.admin.spi.AdminSectionFactory;

/** Serves {@code /admin/realms/{realm}/token-broker/upstreams}: the upstream pages' REST, beside the factories it validates with. */
public class UpstreamAdminSectionFactory implements AdminSectionFactory {

    public static final String PROVIDER_ID = "upstreams";

    @Override
    public AdminSection create(KeycloakSession session) {
        return (s, realm, auth, adminEvent) -> new UpstreamsResource(s, realm, auth, adminEvent);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
