package dev.tokenbroker.policy;

import java.util.Optional;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/** The engines' resources for one request: Keycloak's HTTP client and its vault. */
public final class KeycloakPolicyResources implements PolicyResources {

    private final KeycloakSession session;

    public KeycloakPolicyResources(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public CloseableHttpClient httpClient() {
        return session.getProvider(HttpClientProvider.class).getHttpClient();
    }

    /** Keycloak's vault transcriber returns a plain value as it is and resolves {@code ${vault.<key>}}. */
    @Override
    public Optional<String> secret(String valueOrVaultReference) {
        try (VaultStringSecret secret = session.vault().getStringSecret(valueOrVaultReference)) {
            return secret.get();
        }
    }
}
