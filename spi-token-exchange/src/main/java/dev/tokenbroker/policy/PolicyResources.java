package dev.tokenbroker.policy;

import java.util.Optional;

import org.apache.http.impl.client.CloseableHttpClient;

/** What an engine may use while deciding one request: the server's HTTP client and its vault. */
public interface PolicyResources {

    /** Keycloak's HTTP client (its truststore and proxy settings apply); callers set their own timeouts. */
    CloseableHttpClient httpClient();

    /** The value of a setting that may be a vault reference ({@code ${vault.key}}); empty when the vault has no such entry. */
    Optional<String> secret(String valueOrVaultReference);
}
