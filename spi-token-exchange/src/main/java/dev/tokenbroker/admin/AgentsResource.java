package dev.tokenbroker.admin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.tokenbroker.audit.AuditEntry;
import dev.tokenbroker.audit.AuditTrail;
import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.suspension.Suspension;
import dev.tokenbroker.suspension.Suspensions;

/**
 * {@code GET /admin/realms/{realm}/token-broker/agents}: the clients that act as agents, with the
 * kill switch's state. An agent is a client of the realm that is named as one where the broker is
 * configured — an allowed actor of a delegating client ({@value DelegationSettings#ALLOWED_ACTORS}),
 * an allowed agent of a built-in policy (realm, audience or upstream) — or that acted in a recorded
 * exchange, or that is suspended. Needs {@code view-realm}.
 */
public final class AgentsResource {

    private static final String UPSTREAM_COMPONENT_TYPE = "dev.tokenbroker.upstream.UpstreamProvider";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AgentsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /**
     * @param delegation     the client's own {@code tokenbroker.*} attributes (what it may do when it requests exchanges itself)
     * @param suspension     the suspension, or {@code null}
     * @param lastExchangeAt the newest recorded exchange it acted in, or {@code null}
     */
    public record Agent(String clientId, String id, String name, boolean suspended, SuspensionResource.SuspensionRepresentation suspension,
                        Map<String, String> delegation, String lastExchangeAt) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Agent> list() {
        auth.realm().requireViewRealm();
        List<AuditEntry> trail = new AuditTrail(session, realm).recent();
        Set<String> named = new LinkedHashSet<>();
        realm.getClientsStream().forEach(client -> {
            named.addAll(words(client.getAttribute(DelegationSettings.ALLOWED_ACTORS)));
            named.addAll(words(client.getAttribute(PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.AGENTS)));
        });
        named.addAll(words(realm.getAttribute(PolicySettingsSource.ATTRIBUTE_PREFIX + PolicyConfig.AGENTS)));
        realm.getComponentsStream(realm.getId(), UPSTREAM_COMPONENT_TYPE)
                .forEach(upstream -> named.addAll(words(upstream.get(PolicySettingsSource.COMPONENT_PREFIX + PolicyConfig.AGENTS))));
        trail.forEach(entry -> named.addAll(entry.agents()));
        Suspensions.all(realm).stream().filter(s -> s.kind() == Suspension.Kind.AGENT).forEach(s -> named.add(s.subject()));
        return named.stream().map(realm::getClientByClientId).filter(Objects::nonNull).distinct()
                .map(client -> agent(client, trail)).toList();
    }

    private Agent agent(ClientModel client, List<AuditEntry> trail) {
        Suspension suspension = Suspensions.find(realm, Suspension.Kind.AGENT, client.getClientId());
        String last = trail.stream().filter(entry -> entry.agents().contains(client.getClientId())).map(AuditEntry::time).findFirst().orElse(null);
        return new Agent(client.getClientId(), client.getId(), client.getName(), suspension != null,
                suspension == null ? null : SuspensionResource.SuspensionRepresentation.of(suspension),
                ClientDelegationResource.settingsOf(client), last);
    }

    private static Set<String> words(String value) {
        Set<String> words = new LinkedHashSet<>();
        if (value != null && !value.isBlank()) {
            words.addAll(List.of(value.trim().split("[\\s,]+")));
        }
        return words;
    }

}
