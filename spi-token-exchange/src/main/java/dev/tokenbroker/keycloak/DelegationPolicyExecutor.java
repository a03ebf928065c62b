package dev.tokenbroker.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import dev.tokenbroker.delegation.DelegationSettings;

/**
 * Delegation settings managed in the admin console: Realm settings → Client policies, a profile with
 * this executor, and a policy whose conditions pick the clients (client id, role, scope...). Keycloak
 * runs the executor on every token exchange of a matching client; it hands its settings to the
 * exchange through the request's session.
 */
public final class DelegationPolicyExecutor implements ClientPolicyExecutorProvider<DelegationExecutorConfiguration> {

    private static final String SESSION_ATTRIBUTE = DelegationPolicyExecutor.class.getName();

    private final KeycloakSession session;
    private Map<String, String> settings = Map.of();

    DelegationPolicyExecutor(KeycloakSession session) {
        this.session = session;
    }

    /** The settings of the delegation policy applying to this request's client, or {@code null} if none does. */
    public static DelegationSettings.AttributeSource policyFor(KeycloakSession session) {
        @SuppressWarnings("unchecked")
        Map<String, String> settings = session.getAttribute(SESSION_ATTRIBUTE, Map.class);
        return settings == null ? null : settings::get;
    }

    @Override
    public Class<DelegationExecutorConfiguration> getExecutorConfigurationClass() {
        return DelegationExecutorConfiguration.class;
    }

    @Override
    public void setupConfiguration(DelegationExecutorConfiguration config) {
        settings = config.values();
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) {
        if (context.getEvent() == ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST) {
            session.setAttribute(SESSION_ATTRIBUTE, settings);
        }
    }

    @Override
    public String getProviderId() {
        return DelegationPolicyExecutorFactory.PROVIDER_ID;
    }
}
