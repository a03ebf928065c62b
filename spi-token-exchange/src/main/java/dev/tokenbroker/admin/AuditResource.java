package dev.tokenbroker.admin;

import java.util.List;
import java.util.function.Predicate;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.audit.AuditEntry;
import dev.tokenbroker.audit.AuditPage;
import dev.tokenbroker.audit.AuditTrail;

/**
 * {@code GET /admin/realms/{realm}/token-broker/audit}: the exchange records newest first, filtered by
 * user (user name), agent (any actor of the chain), tool, upstream (alias or audience), outcome
 * ({@code allowed}, {@code denied}, {@code error}), paged by {@code first}/{@code max}. Needs {@code view-realm}.
 * The filters look at the newest {@value AuditTrail#SCAN_LIMIT} records only; the header
 * {@value #TRUNCATED_HEADER} says whether that bound may have cut the answer short, and
 * {@value #SCAN_LIMIT_HEADER} states the bound, so no client has to know it.
 */
public final class AuditResource {

    static final int MAX_PAGE = 200;
    static final String TRUNCATED_HEADER = "Token-Broker-Audit-Truncated";
    static final String SCAN_LIMIT_HEADER = "Token-Broker-Audit-Scan-Limit";

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
    public Response find(@QueryParam("user") String user, @QueryParam("agent") String agent, @QueryParam("tool") String tool,
                         @QueryParam("upstream") String upstream, @QueryParam("outcome") String outcome,
                         @QueryParam("first") String firstParameter, @QueryParam("max") String maxParameter) {
        auth.realm().requireViewRealm();
        int first = wholeNumber("first", firstParameter, 0);
        int max = wholeNumber("max", maxParameter, 50);
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
                return answer(new AuditPage(List.of(), false));
            }
            userId = found.getId();
        }
        Predicate<AuditEntry> filter = entry -> matches(blank(agent), entry.agents())
                && equalsIfSet(blank(tool), entry.tool())
                && (blank(upstream) == null || upstream.trim().equals(entry.upstream()) || upstream.trim().equals(entry.target()))
                && equalsIfSet(blank(outcome), entry.outcome());
        return answer(new AuditTrail(session, realm).find(userId, filter, first, max));
    }

    private static Response answer(AuditPage page) {
        return Response.ok(page.entries(), MediaType.APPLICATION_JSON_TYPE).header(TRUNCATED_HEADER, page.truncated())
                .header(SCAN_LIMIT_HEADER, AuditTrail.SCAN_LIMIT).build();
    }

    /**
     * A paging parameter as a number; anything else is the caller's mistake, named (JAX-RS would answer
     * an unparsable {@code int} parameter with a bare 404).
     */
    private static int wholeNumber(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw AdminAnswers.invalidField(name, name + " must be a whole number");
        }
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
