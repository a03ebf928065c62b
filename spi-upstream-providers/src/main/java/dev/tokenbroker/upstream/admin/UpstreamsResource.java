package dev.tokenbroker.upstream.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.admin.AdminAnswers;
import dev.tokenbroker.admin.FieldError;
import dev.tokenbroker.audit.AuditTrail;
import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.UpstreamDirectory;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;

/**
 * {@code /admin/realms/{realm}/token-broker/upstreams}: the realm's upstreams for the admin console.
 * They stay Keycloak components (exported, imported and cluster-cached as before); saving goes
 * through the realm model, which runs the type's {@code validateConfiguration} exactly as component
 * REST and realm import do, after the same checks were asked for every field's problem first.
 * Reading needs {@code view-realm}, changing {@code manage-realm}; each change is an admin event
 * whose representation has the secrets masked.
 */
public final class UpstreamsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    UpstreamsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
    }

    /** One stored upstream: what {@code GET /upstreams/{id}} answers. */
    public record UpstreamView(String id, String alias, String type, Map<String, List<String>> config) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<UpstreamSummaries.Summary> list() {
        auth.realm().requireViewRealm();
        return new UpstreamSummaries(realm, new AuditTrail(session, realm).recent()).of(UpstreamDirectory.all(realm).toList());
    }

    @GET
    @Path("types")
    @Produces(MediaType.APPLICATION_JSON)
    public List<UpstreamTypes.Type> types() {
        auth.realm().requireViewRealm();
        return UpstreamTypes.describe(session);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public UpstreamView get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return view(stored(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        auth.realm().requireManageRealm();
        UpstreamForm form = AdminAnswers.read(body, UpstreamForm.class);
        UpstreamProviderFactory type = requireType(form);
        ComponentModel model = model(form, type, null);
        requireValid(type, model);
        ComponentModel created = save(() -> realm.addComponentModel(model), type);
        adminEvent.operation(OperationType.CREATE).resourcePath("token-broker", "upstreams", created.getId())
                .representation(view(created)).success();
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(created.getId()).build();
        return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("id", created.getId())).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        ComponentModel stored = stored(id);
        UpstreamForm form = AdminAnswers.read(body, UpstreamForm.class);
        UpstreamProviderFactory type = requireType(form);
        if (!type.getId().equals(stored.getProviderId())) {
            throw AdminAnswers.invalidField("type", "the type of an upstream cannot change (delete it and create another)");
        }
        ComponentModel model = model(form, type, stored);
        requireValid(type, model);
        save(() -> {
            realm.updateComponent(model);
            return model;
        }, type);
        adminEvent.operation(OperationType.UPDATE).resourcePath("token-broker", "upstreams", id).representation(view(model)).success();
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        ComponentModel stored = stored(id);
        realm.removeComponent(stored);
        adminEvent.operation(OperationType.DELETE).resourcePath("token-broker", "upstreams", id).success();
        return Response.noContent().build();
    }

    /**
     * Checks a form without saving: the same checks as a save. Needs {@code manage-realm} like a save,
     * since it resolves the hosts a form names.
     */
    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response validate(String body) {
        auth.realm().requireManageRealm();
        UpstreamForm form = AdminAnswers.read(body, UpstreamForm.class);
        UpstreamProviderFactory type = requireType(form);
        ComponentModel stored = form.id() == null ? null : stored(form.id());
        requireValid(type, model(form, type, stored));
        return Response.ok(Map.of("fields", List.of()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private ComponentModel stored(String id) {
        ComponentModel component = realm.getComponent(id);
        if (component == null || !UpstreamProvider.class.getName().equals(component.getProviderType())
                || !realm.getId().equals(component.getParentId())) {
            throw AdminAnswers.notFound();
        }
        return component;
    }

    private UpstreamProviderFactory requireType(UpstreamForm form) {
        UpstreamProviderFactory type = UpstreamTypes.find(session, form.type());
        if (type == null) {
            throw AdminAnswers.invalidField("type", "type must be one of " + UpstreamTypes.installed(session).stream()
                    .map(UpstreamProviderFactory::getId).toList());
        }
        return type;
    }

    /** The component the form describes; on an edit, the stored one's id and its secrets where the form kept the placeholder. */
    private ComponentModel model(UpstreamForm form, UpstreamProviderFactory type, ComponentModel stored) {
        ComponentModel model = stored == null ? new ComponentModel() : new ComponentModel(stored);
        model.setName(form.alias());
        model.setProviderId(type.getId());
        model.setProviderType(UpstreamProvider.class.getName());
        model.setParentId(realm.getId());
        Map<String, List<String>> submitted = form.config() == null ? Map.of() : form.config();
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        new SecretSettings(type).keepingStored(submitted, stored).forEach((key, values) -> {
            List<String> kept = new ArrayList<>();
            values.stream().filter(value -> value != null && !value.isBlank()).forEach(kept::add);
            if (!kept.isEmpty()) {
                config.put(key, kept);
            }
        });
        model.setConfig(config);
        return model;
    }

    private void requireValid(UpstreamProviderFactory type, ComponentModel model) {
        List<FieldError> problems = type.problems(session, realm, model);
        if (!problems.isEmpty()) {
            throw AdminAnswers.invalidFields(problems);
        }
    }

    /** Saves through the realm model, whose validation has the last word (it ran the same checks; a race may still refuse). */
    private ComponentModel save(java.util.function.Supplier<ComponentModel> saving, UpstreamProviderFactory type) {
        try {
            return saving.get();
        } catch (ComponentValidationException refused) {
            throw AdminAnswers.invalidFields(List.of(InvalidSetting.fieldError(refused, type.settingKeys())));
        }
    }

    private UpstreamView view(ComponentModel component) {
        UpstreamProviderFactory type = UpstreamTypes.find(session, component.getProviderId());
        Map<String, List<String>> config = new LinkedHashMap<>(component.getConfig());
        return new UpstreamView(component.getId(), component.getName(), component.getProviderId(),
                type == null ? Map.of() : new SecretSettings(type).masked(config));
    }
}
