package dev.tokenbroker.admin;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.suspension.SuspensionChanged;
import dev.tokenbroker.suspension.Suspensions;

/**
 * The kill switch over admin REST: {@code /admin/realms/{realm}/token-broker/suspensions}. Suspending
 * an agent stops every exchange it acts in or requests, for every user, without disabling the client
 * (its own logins and other grants go on); suspending a user stops her exchanges through every agent.
 * Reading needs {@code view-realm}; changing needs {@code manage-realm}. Each change is an admin event.
 */
public final class SuspensionResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    SuspensionResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.REALM);
    }

    /** A suspension as admin REST shows it. */
    public record SuspensionRepresentation(String kind, String subject, String reason, long since, String by) {
        static SuspensionRepresentation of(Suspension suspension) {
            return new SuspensionRepresentation(suspension.kind().name().toLowerCase(java.util.Locale.ROOT), suspension.subject(),
                    suspension.reason(), suspension.since(), suspension.by());
        }
    }

    /** The request body of a suspension. */
    public record SuspendRequest(String reason) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SuspensionRepresentation> list() {
        auth.realm().requireViewRealm();
        return Suspensions.all(realm).stream().map(SuspensionRepresentation::of).toList();
    }

    @PUT
    @Path("agents/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response suspendAgent(@PathParam("clientId") String clientId, SuspendRequest request) {
        auth.realm().requireManageRealm();
        ClientModel agent = realm.getClientByClientId(clientId);
        if (agent == null) {
            throw new NotFoundException("no client " + clientId + " in this realm");
        }
        return suspend(Suspension.Kind.AGENT, agent.getClientId(), request, "agents");
    }

    @DELETE
    @Path("agents/{clientId}")
    public Response liftAgent(@PathParam("clientId") String clientId) {
        auth.realm().requireManageRealm();
        return lift(Suspension.Kind.AGENT, clientId, "agents");
    }

    @PUT
    @Path("users/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response suspendUser(@PathParam("userId") String userId, SuspendRequest request) {
        auth.realm().requireManageRealm();
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw new NotFoundException("no user " + userId + " in this realm");
        }
        return suspend(Suspension.Kind.USER, user.getId(), request, "users");
    }

    @DELETE
    @Path("users/{userId}")
    public Response liftUser(@PathParam("userId") String userId) {
        auth.realm().requireManageRealm();
        return lift(Suspension.Kind.USER, userId, "users");
    }

    private Response suspend(Suspension.Kind kind, String subject, SuspendRequest request, String pathSegment) {
        Suspension suspension;
        try {
            suspension = new Suspension(kind, subject, request == null ? null : request.reason(), Time.currentTime(),
                    auth.adminAuth().getUser().getUsername());
        } catch (IllegalArgumentException invalid) {
            throw ErrorResponse.error(invalid.getMessage(), Response.Status.BAD_REQUEST);
        }
        Suspensions.suspend(realm, suspension);
        session.getKeycloakSessionFactory().publish(new SuspensionChanged(session, realm.getId(), suspension));
        adminEvent.operation(OperationType.CREATE).resourcePath("token-broker", "suspensions", pathSegment, subject)
                .representation(Map.of("reason", suspension.reason())).success();
        return Response.noContent().build();
    }

    private Response lift(Suspension.Kind kind, String subject, String pathSegment) {
        if (!Suspensions.lift(realm, kind, subject)) {
            throw new NotFoundException("no suspension of " + subject);
        }
        adminEvent.operation(OperationType.DELETE).resourcePath("token-broker", "suspensions", pathSegment, subject).success();
        return Response.noContent().build();
    }
}
