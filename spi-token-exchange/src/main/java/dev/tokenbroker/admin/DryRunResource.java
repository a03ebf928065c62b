package dev.tokenbroker.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.DryRun;
import dev.tokenbroker.exchange.DryRunExecution;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * {@code POST /admin/realms/{realm}/token-broker/dry-run}: what an exchange for a user, an agent and a
 * target would do — the policy decision, its input and the claims that would be minted — with nothing
 * signed, minted, recorded or sent to a platform ({@link DryRun}). Needs {@code view-realm}; with
 * {@code "execute": true} ({@code manage-realm}) the exchange is also performed ({@link DryRunExecution}).
 */
public final class DryRunResource {

    /** One parse per admin request is cheap; the exchange's cache is the provider factory's. */
    private static final PolicyEngines ENGINES = new PolicyEngines();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    DryRunResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** The form: user name, agent and requesting client ids, the tool and its MCP server, the target, scope and lifetime. */
    public record DryRunForm(String user, String agent, String requestingClient, String tool, String server, String target, String scope,
                             Integer lifetime, Boolean execute) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> run(String body) {
        auth.realm().requireViewRealm();
        DryRunForm form = AdminAnswers.read(body, DryRunForm.class);
        boolean execute = Boolean.TRUE.equals(form.execute());
        if (execute) {
            auth.realm().requireManageRealm();
        }
        DryRun.Request request = request(form);
        if (execute) {
            // performing the exchange acts as the user: Keycloak's own bar for that is impersonation
            auth.users().requireImpersonate(request.user());
        }
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        DryRun.Result result = new DryRun(session, realm, issuer, ENGINES).run(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decision", result.decision());
        answer.put("input", result.input());
        answer.put("claims", result.claims());
        answer.put("flow", result.flow());
        answer.put("refusal", result.refusal());
        answer.put("execution", execute ? execution(request, issuer) : null);
        return answer;
    }

    /** The exchange for real, recorded as a dry run by this admin; the answer's tokens redacted. */
    private DryRunExecution.Outcome execution(DryRun.Request request, String issuer) {
        String admin = auth.adminAuth().getUser().getUsername();
        DryRunExecution.Outcome outcome = new DryRunExecution(session, realm, issuer).perform(request, admin);
        Map<String, Object> ran = new LinkedHashMap<>();
        ran.put("user", request.user().getUsername());
        ran.put("agent", request.agent().getClientId());
        ran.put("requestingClient", request.requestingClient().getClientId());
        ran.put("target", request.target());
        ran.put("status", outcome.status());
        adminEvent.resource(ResourceType.REALM).operation(OperationType.ACTION).resourcePath("token-broker", "dry-run")
                .representation(ran).success();
        return outcome;
    }

    private DryRun.Request request(DryRunForm form) {
        List<FieldError> problems = new ArrayList<>();
        UserModel user = blank(form.user()) ? null : session.users().getUserByUsername(realm, form.user().trim());
        if (user == null) {
            problems.add(new FieldError("user", "no user '" + nonNull(form.user()) + "' in this realm"));
        }
        ClientModel agent = client(form.agent(), "agent", problems);
        ClientModel requestingClient = client(form.requestingClient(), "requestingClient", problems);
        if (form.lifetime() != null && form.lifetime() < 1) {
            problems.add(new FieldError("lifetime", "lifetime must be a positive number of seconds"));
        }
        if (!blank(form.scope())) {
            try {
                Scopes.parseRequest(form.scope());
            } catch (IllegalArgumentException invalid) {
                problems.add(new FieldError("scope", invalid.getMessage()));
            }
        }
        DryRun.Request request = new DryRun.Request(user, agent, requestingClient, form.tool(), form.server(), form.target(),
                form.scope(), form.lifetime());
        String details = DryRun.authorizationDetailsJson(request);
        if (details != null) {
            try {
                AuthorizationDetails.parse(details);
            } catch (AuthorizationDetails.InvalidAuthorizationDetailsException invalid) {
                problems.add(new FieldError("tool", invalid.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw AdminAnswers.invalidFields(problems);
        }
        return request;
    }

    private ClientModel client(String clientId, String field, List<FieldError> problems) {
        ClientModel client = blank(clientId) ? null : realm.getClientByClientId(clientId.trim());
        if (client == null) {
            problems.add(new FieldError(field, "no client '" + nonNull(clientId) + "' in this realm"));
        }
        return client;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
