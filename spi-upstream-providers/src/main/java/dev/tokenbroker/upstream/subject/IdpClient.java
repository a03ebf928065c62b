package dev.tokenbroker.upstream.subject;

import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.keycloak.models.IdentityProviderModel;

import dev.tokenbroker.upstream.UpstreamSettings;

/**
 * How the realm authenticates to an identity provider's token endpoint, as the provider is configured
 * (OIDC or plain OAuth 2: {@code tokenUrl}, {@code clientId}, {@code clientSecret}, {@code clientAuthMethod}).
 * Only the shared-secret methods are supported for refresh; a provider set up otherwise is refused on save.
 */
public record IdpClient(URI tokenEndpoint, String clientId, String clientSecret, boolean basicAuth) {

    static final String BASIC = "client_secret_basic";
    static final String POST = "client_secret_post";

    /** Why the broker cannot refresh at this provider, or {@code null} when it can. */
    public static String problemWith(IdentityProviderModel provider) {
        Map<String, String> config = provider.getConfig();
        if (UpstreamSettings.blankToNull(config.get("tokenUrl")) == null) {
            return "identity provider '" + provider.getAlias() + "' has no token URL to refresh at";
        }
        if (UpstreamSettings.blankToNull(config.get("clientId")) == null) {
            return "identity provider '" + provider.getAlias() + "' has no client ID";
        }
        String method = config.getOrDefault("clientAuthMethod", POST);
        if (!BASIC.equals(method) && !POST.equals(method)) {
            return "identity provider '" + provider.getAlias() + "' authenticates with " + method
                    + "; refresh supports client_secret_basic and client_secret_post";
        }
        return null;
    }

    /**
     * @param secrets resolves a vault reference ({@code ${vault.key}}) to the secret; identity otherwise
     * @throws IllegalStateException with {@link #problemWith} when the provider cannot be used
     */
    public static IdpClient of(IdentityProviderModel provider, UnaryOperator<String> secrets) {
        String problem = problemWith(provider);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Map<String, String> config = provider.getConfig();
        String secret = config.get("clientSecret");
        return new IdpClient(URI.create(config.get("tokenUrl").trim()), config.get("clientId").trim(),
                secret == null ? null : secrets.apply(secret), BASIC.equals(config.getOrDefault("clientAuthMethod", POST)));
    }
}
