package dev.tokenbroker.policy;

import java.util.Optional;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import dev.tokenbroker.outbound.OutboundHttpClient;

/** The engines' resources for one request: the node's outbound client (destination rules as for upstreams) and Keycloak's vault. */
public final class KeycloakPolicyResources implements PolicyResources {

    private final KeycloakSession session;

    public KeycloakPolicyResources(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public CloseableHttpClient httpClient() {
        return OutboundHttpClient.forNode(session);
    }

    /** Keycloak's vault transcriber returns a plain value as it is and resolves {@code ${vault.<key>}}. */
    @Override
    public Optional<String> secret(String valueOrVaultReference) {
        try (VaultStringSecret secret = session.vault().getStringSecret(valueOrVaultReference)) {
            return secret.get();
        }
    }
}
