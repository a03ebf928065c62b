package dev.tokenbroker.admin;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.admin.spi.AdminSection;

/**
 * The broker's admin REST root, {@code /admin/realms/{realm}/token-broker}: Keycloak authenticates the
 * admin and hands over its permission evaluator; each sub-resource checks the permission it needs.
 */
public final class TokenBrokerAdminResource {

    /** The section id the upstream module registers (its factory's id). */
    static final String UPSTREAMS = "upstreams";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    TokenBrokerAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path("suspensions")
    public SuspensionResource suspensions() {
        return new SuspensionResource(session, realm, auth, adminEvent);
    }

    @Path("audit")
    public AuditResource audit() {
        return new AuditResource(session, realm, auth);
    }

    @Path("agents")
    public AgentsResource agents() {
        return new AgentsResource(session, realm, auth);
    }

    @Path("clients")
    public ClientDelegationResource clients() {
        return new ClientDelegationResource(realm, auth, adminEvent);
    }

    @Path("policies")
    public PoliciesResource policies() {
        return new PoliciesResource(session, realm, auth, adminEvent);
    }

    @Path("dry-run")
    public DryRunResource dryRun() {
        return new DryRunResource(session, realm, auth, adminEvent);
    }

    /** Upstreams are served by the upstream module, which knows their types and validation. */
    @Path("upstreams")
    public Object upstreams() {
        return section(UPSTREAMS);
    }

    private Object section(String id) {
        AdminSection section = session.getProvider(AdminSection.class, id);
        if (section == null) {
            throw AdminAnswers.notFound();
        }
        return section.resource(session, realm, auth, adminEvent);
    }
}
