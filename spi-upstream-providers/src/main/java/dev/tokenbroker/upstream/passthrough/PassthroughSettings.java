package dev.tokenbroker.upstream.passthrough;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.UpstreamSettings;

/**
 * Settings of a {@code passthrough} upstream, read and validated from its realm component. Nothing is
 * minted, so none of the assertion settings apply; what matters is whose stored tokens are handed out
 * (one identity provider) and to whom (the allowed requesting clients, none by default).
 *
 * @param alias              component name; {@code audience=<alias>} selects this upstream
 * @param resource           RFC 8707 resource URI that also selects it, or {@code null}
 * @param identityProvider   alias of the realm's identity provider whose stored token is returned
 * @param allowedClients     client ids that may obtain it; empty means none
 * @param minValiditySeconds a stored token with less left than this is refreshed first
 * @param tokenAudience      when set, a JWT access token must carry it in {@code aud}
 * @param connectTimeoutMs   connect timeout of the refresh call
 * @param readTimeoutMs      read timeout of the refresh call
 * @param maxExpiresIn       cap on the {@code expires_in} reported to the caller
 */
public record PassthroughSettings(String alias, String resource, String identityProvider, Set<String> allowedClients,
                                  int minValiditySeconds, String tokenAudience, int connectTimeoutMs, int readTimeoutMs,
                                  int maxExpiresIn) {

    public static final String IDENTITY_PROVIDER = "idp.alias";
    public static final String ALLOWED_CLIENTS = "clients.allowed";
    public static final String MIN_VALIDITY = "refresh.min-validity";
    public static final String TOKEN_AUDIENCE = "token.audience";
    public static final int DEFAULT_MIN_VALIDITY = 30;

    public PassthroughSettings {
        allowedClients = Set.copyOf(allowedClients);
    }

    /** @throws ComponentValidationException naming the first invalid setting */
    public static PassthroughSettings from(ComponentModel model) {
        String alias = model.getName();
        if (alias == null || !alias.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidSetting(InvalidSetting.ALIAS, "name (the upstream alias) must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String resource = UpstreamSettings.blankToNull(model.get(UpstreamSettings.RESOURCE));
        if (resource != null) {
            java.net.URI uri = UpstreamSettings.parseUri(UpstreamSettings.RESOURCE, resource);
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                throw new InvalidSetting(UpstreamSettings.RESOURCE, UpstreamSettings.RESOURCE + " must be an absolute URI without a fragment");
            }
        }
        String idp = UpstreamSettings.blankToNull(model.get(IDENTITY_PROVIDER));
        if (idp == null) {
            throw new InvalidSetting(IDENTITY_PROVIDER, IDENTITY_PROVIDER + " is required: the identity provider whose stored tokens this upstream returns");
        }
        Set<String> clients = new LinkedHashSet<>();
        String listed = model.get(ALLOWED_CLIENTS);
        if (listed != null && !listed.isBlank()) {
            clients.addAll(Arrays.asList(listed.trim().split("[\\s,]+")));
        }
        return new PassthroughSettings(alias, resource, idp, clients,
                UpstreamSettings.intSetting(model, MIN_VALIDITY, DEFAULT_MIN_VALIDITY, 0, 86400),
                UpstreamSettings.blankToNull(model.get(TOKEN_AUDIENCE)),
                UpstreamSettings.intSetting(model, UpstreamSettings.CONNECT_TIMEOUT, UpstreamSettings.DEFAULT_CONNECT_TIMEOUT_MS, 100, UpstreamSettings.MAX_TIMEOUT_MS),
                UpstreamSettings.intSetting(model, UpstreamSettings.READ_TIMEOUT, UpstreamSettings.DEFAULT_READ_TIMEOUT_MS, 100, UpstreamSettings.MAX_TIMEOUT_MS),
                UpstreamSettings.intSetting(model, UpstreamSettings.MAX_EXPIRES_IN, UpstreamSettings.DEFAULT_MAX_EXPIRES_IN, 30, 43200));
    }

    public boolean allows(String clientId) {
        return allowedClients.contains(clientId);
    }
}
