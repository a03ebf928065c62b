package dev.tokenbroker.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.policy.KeycloakPolicyResources;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicyInput;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.policy.opa.OpaPolicyEngine;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * {@code /admin/realms/{realm}/token-broker/policies}: the realm's default policy and an audience
 * client's, as {@code {"engine", "settings": {key: value}}} with the keys after their prefix
 * ({@code agents}, {@code opa.url}, ...: README "Engines and where their settings live"). A PUT replaces
 * the settings (left out or blank: removed) after the parse the policy gate itself runs; the OPA token
 * is write-only. An upstream's policy is part of its configuration ({@code policy.*}). Reading needs
 * {@code view-realm}, changing and testing a connection {@code manage-realm}.
 */
public final class PoliciesResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    PoliciesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** A policy form; {@code engine} empty or absent: the realm's default decides (on the realm: none). */
    public record PolicyForm(String engine, Map<String, String> settings) {
    }

    /** What {@code test-connection} sends OPA: where, and how to authenticate (a vault reference is resolved). */
    public record ConnectionTest(String url, String path, String bearerToken, Integer connectTimeoutMs, Integer readTimeoutMs) {
    }

    /** @param status the HTTP status OPA answered with when it gave a decision, else {@code null} */
    public record ConnectionResult(boolean ok, Integer status, long latencyMs, String message) {
    }

    @GET
    @Path("realm")
    @Produces(MediaType.APPLICATION_JSON)
    public PolicyForm realmPolicy() {
        auth.realm().requireViewRealm();
        return form(realm::getAttribute);
    }

    @PUT
    @Path("realm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putRealmPolicy(String body) {
        auth.realm().requireManageRealm();
        Map<String, String> next = validated(body, PolicySettingsSource::realm, realm::getAttribute);
        apply(next, realm::getAttribute, (key, value) -> {
            if (value == null) {
                realm.removeAttribute(key);
            } else {
                realm.setAttribute(key, value);
            }
        });
        adminEvent.resource(ResourceType.REALM).operation(OperationType.UPDATE).resourcePath("token-broker", "policies", "realm")
                .representation(form(realm::getAttribute)).success();
        return Response.noContent().build();
    }

    @GET
    @Path("audiences/{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public PolicyForm audiencePolicy(@PathParam("clientId") String clientId) {
        auth.realm().requireViewRealm();
        return form(client(clientId)::getAttribute);
    }

    @PUT
    @Path("audiences/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putAudiencePolicy(@PathParam("clientId") String clientId, String body) {
        auth.realm().requireManageRealm();
        ClientModel client = client(clientId);
        Map<String, String> next = validated(body, lookup -> PolicySettingsSource.client(clientId, lookup), client::getAttribute);
        apply(next, client::getAttribute, (key, value) -> {
            if (value == null) {
                client.removeAttribute(key);
            } else {
                client.setAttribute(key, value);
            }
        });
        adminEvent.resource(ResourceType.CLIENT).operation(OperationType.UPDATE)
                .resourcePath("token-broker", "policies", "audiences", clientId).representation(form(client::getAttribute)).success();
        return Response.noContent().build();
    }

    /**
     * Asks OPA for a decision on a sample input (a made-up user and agent), through the same engine,
     * outbound rules and timeouts as an exchange. The answer says whether OPA decided, never the token.
     */
    @POST
    @Path("test-connection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ConnectionResult testConnection(String body) {
        auth.realm().requireManageRealm();
        ConnectionTest test = AdminAnswers.read(body, ConnectionTest.class);
        OpaPolicyEngine engine;
        try {
            engine = OpaPolicyEngine.parse(new PolicyConfig(PolicyEngines.OPA, null, test.url(), test.path(), blankToNull(test.bearerToken()),
                    text(test.connectTimeoutMs()), text(test.readTimeoutMs()), null, null, null, null, null, null, null, null));
        } catch (IllegalArgumentException invalid) {
            FieldError error = FieldError.fromMessage(invalid.getMessage(), PolicyKeys.ALL, PolicyConfig.OPA_URL);
            throw AdminAnswers.invalidField(testField(error.field()), error.message());
        }
        long started = System.nanoTime();
        PolicyDecision decision = engine.decide(sampleInput(), new KeycloakPolicyResources(session));
        long latency = (System.nanoTime() - started) / 1_000_000;
        if (decision.outcome() == PolicyDecision.Outcome.UNAVAILABLE) {
            return new ConnectionResult(false, null, latency, decision.reason());
        }
        return new ConnectionResult(true, 200, latency, "OPA decided " + decision.outcome().recorded()
                + (decision.reason() == null ? "" : " (" + decision.reason() + ")"));
    }

    private PolicyInput sampleInput() {
        return new PolicyInput("test-connection-" + KeycloakModelUtils.generateId(), Instant.now(), realm.getName(), "delegation",
                "token-broker-admin", null, new PolicyInput.User("test-connection-user", "test-connection", Set.of(), Set.of(), Map.of()),
                List.of(new PolicyInput.ActorEntry("test-connection-agent", "client")), AuthorizationDetails.none(),
                PolicyInput.Target.audiences(List.of("test-connection")), Scopes.none(), 60);
    }

    private static PolicyForm form(UnaryOperator<String> attributes) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : PolicyKeys.ALL) {
            String value = attributes.apply(PolicySettingsSource.ATTRIBUTE_PREFIX + key);
            if (value != null && !key.equals(PolicyConfig.ENGINE)) {
                settings.put(key, key.equals(PolicyKeys.SECRET) ? Masking.masked(value) : value);
            }
        }
        return new PolicyForm(attributes.apply(PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.ENGINE), settings);
    }

    /** The form's settings as stored attributes (full keys), checked as the policy gate will parse them. */
    private static Map<String, String> validated(String body, java.util.function.Function<UnaryOperator<String>, PolicySettingsSource> source,
                                                 UnaryOperator<String> stored) {
        PolicyForm form = AdminAnswers.read(body, PolicyForm.class);
        List<FieldError> problems = new ArrayList<>();
        Map<String, String> next = new HashMap<>();
        if (blankToNull(form.engine()) != null) {
            next.put(PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.ENGINE, form.engine().trim());
        }
        (form.settings() == null ? Map.<String, String>of() : form.settings()).forEach((key, value) -> {
            if (key == null || !PolicyKeys.ALL.contains(key) || key.equals(PolicyConfig.ENGINE)) {
                problems.add(new FieldError(String.valueOf(key), "not a policy setting; known: " + PolicyKeys.ALL));
            } else if (blankToNull(value) != null) {
                String full = PolicySettingsSource.ATTRIBUTE_PREFIX + key;
                next.put(full, key.equals(PolicyKeys.SECRET) && Masking.MASK.equals(value.trim()) ? stored.apply(full) : value.trim());
            }
        });
        if (problems.isEmpty()) {
            try {
                PolicyEngines.validate(source.apply(next::get));
            } catch (IllegalArgumentException invalid) {
                String message = invalid.getMessage().startsWith(PolicySettingsSource.ATTRIBUTE_PREFIX)
                        ? invalid.getMessage().substring(PolicySettingsSource.ATTRIBUTE_PREFIX.length()) : invalid.getMessage();
                problems.add(FieldError.fromMessage(message, PolicyKeys.ALL, PolicyConfig.ENGINE));
            }
        }
        if (!problems.isEmpty()) {
            throw AdminAnswers.invalidFields(problems);
        }
        return next;
    }

    private static void apply(Map<String, String> next, UnaryOperator<String> stored, BiConsumer<String, String> store) {
        for (String key : PolicyKeys.ALL) {
            String full = PolicySettingsSource.ATTRIBUTE_PREFIX + key;
            String value = next.get(full);
            if (value == null ? stored.apply(full) != null : !value.equals(stored.apply(full))) {
                store.accept(full, value);
            }
        }
    }

    private ClientModel client(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw AdminAnswers.notFound();
        }
        return client;
    }

    private static String testField(String key) {
        return switch (key) {
            case PolicyConfig.OPA_PATH -> "path";
            case PolicyConfig.OPA_CONNECT_TIMEOUT -> "connectTimeoutMs";
            case PolicyConfig.OPA_READ_TIMEOUT -> "readTimeoutMs";
            default -> "url";
        };
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
