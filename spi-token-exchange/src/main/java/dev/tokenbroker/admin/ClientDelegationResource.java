package dev.tokenbroker.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicySettingsSource;

/**
 * {@code /admin/realms/{realm}/token-broker/clients/{clientId}/delegation}: a client's
 * {@code tokenbroker.*} attributes (delegation, authorization details types, its policy as an audience)
 * as one form. A PUT replaces them all (a key left out or blank is removed; other attributes are
 * untouched) after {@link DelegationAttributes}, the check Keycloak's client validator runs. Reading
 * needs {@code view-realm}, changing {@code manage-realm}; a change is an admin event.
 */
public final class ClientDelegationResource {

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ClientDelegationResource(RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CLIENT);
    }

    /** The form: attribute name → value. */
    public record DelegationForm(String clientId, Map<String, String> settings) {
    }

    @GET
    @Path("{clientId}/delegation")
    @Produces(MediaType.APPLICATION_JSON)
    public DelegationForm get(@PathParam("clientId") String clientId) {
        auth.realm().requireViewRealm();
        ClientModel client = client(clientId);
        return new DelegationForm(client.getClientId(), settingsOf(client));
    }

    @PUT
    @Path("{clientId}/delegation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("clientId") String clientId, String body) {
        auth.realm().requireManageRealm();
        ClientModel client = client(clientId);
        DelegationForm form = AdminAnswers.read(body, DelegationForm.class);
        Map<String, String> submitted = form.settings() == null ? Map.of() : form.settings();
        List<FieldError> problems = new ArrayList<>();
        Map<String, String> next = new HashMap<>();
        String secretKey = PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.OPA_TOKEN;
        submitted.forEach((key, value) -> {
            if (key == null || !DelegationAttributes.KEYS.contains(key)) {
                problems.add(new FieldError(String.valueOf(key), "not a setting of the broker; known: " + DelegationAttributes.KEYS));
            } else if (value != null && !value.isBlank()) {
                next.put(key, secretKey.equals(key) && Masking.MASK.equals(value) ? client.getAttribute(key) : value.trim());
            }
        });
        if (problems.isEmpty()) {
            problems.addAll(DelegationAttributes.problems(client.getClientId(), next::get));
        }
        if (!problems.isEmpty()) {
            throw AdminAnswers.invalidFields(problems);
        }
        for (String key : DelegationAttributes.KEYS) {
            if (next.get(key) == null) {
                client.removeAttribute(key);
            } else {
                client.setAttribute(key, next.get(key));
            }
        }
        adminEvent.operation(OperationType.UPDATE).resourcePath("token-broker", "clients", client.getClientId(), "delegation")
                .representation(new DelegationForm(client.getClientId(), settingsOf(client))).success();
        return Response.noContent().build();
    }

    /** A client's broker attributes as the form shows them, the OPA token masked. */
    static Map<String, String> settingsOf(ClientModel client) {
        Map<String, String> settings = new TreeMap<>();
        for (String key : DelegationAttributes.KEYS) {
            String value = client.getAttribute(key);
            if (value != null) {
                settings.put(key, key.endsWith("." + PolicyConfig.OPA_TOKEN) ? Masking.masked(value) : value);
            }
        }
        return settings;
    }

    private ClientModel client(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw AdminAnswers.notFound();
        }
        return client;
    }
}
