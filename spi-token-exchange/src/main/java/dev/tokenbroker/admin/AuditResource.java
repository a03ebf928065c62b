package dev.tokenbroker.admin;

import java.util.List;
import java.util.function.Predicate;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.audit.AuditEntry;
import dev.tokenbroker.audit.AuditTrail;

/**
 * {@code GET /admin/realms/{realm}/token-broker/audit}: the exchange records newest first, filtered by
 * user (user name), agent (any actor of the chain), tool, upstream (alias or audience), outcome
 * ({@code allowed}, {@code denied}, {@code error}), paged by {@code first}/{@code max}. Needs {@code view-realm}.
 */
public final class AuditResource {

    static final int MAX_PAGE = 200;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AuditResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditEntry> find(@QueryParam("user") String user, @QueryParam("agent") String agent, @QueryParam("tool") String tool,
                                 @QueryParam("upstream") String upstream, @QueryParam("outcome") String outcome,
                                 @QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("50") int max) {
        auth.realm().requireViewRealm();
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw AdminAnswers.invalidField(first < 0 ? "first" : "max", first < 0 ? "first must be 0 or more"
                    : "max must be between 1 and " + MAX_PAGE);
        }
        if (outcome != null && !List.of("allowed", "denied", "error").contains(outcome)) {
            throw AdminAnswers.invalidField("outcome", "outcome must be allowed, denied or error");
        }
        String userId = null;
        if (blank(user) != null) {
            UserModel found = session.users().getUserByUsername(realm, user.trim());
            if (found == null) {
                return List.of();
            }
            userId = found.getId();
        }
        Predicate<AuditEntry> filter = entry -> matches(blank(agent), entry.agents())
                && equalsIfSet(blank(tool), entry.tool())
                && (blank(upstream) == null || upstream.trim().equals(entry.upstream()) || upstream.trim().equals(entry.target()))
                && equalsIfSet(blank(outcome), entry.outcome());
        return new AuditTrail(session, realm).find(userId, filter, first, max);
    }

    private static boolean matches(String agent, List<String> agents) {
        return agent == null || agents.contains(agent);
    }

    private static boolean equalsIfSet(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
