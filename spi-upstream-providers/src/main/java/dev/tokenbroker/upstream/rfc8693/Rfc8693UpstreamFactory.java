package dev.tokenbroker.upstream.rfc8693;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.tokenbroker.upstream.AbstractUpstreamProviderFactory;
import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/** Any RFC 8693 authorization server: our assertion as subject_token, client authentication as it requires. */
public class Rfc8693UpstreamFactory extends AbstractUpstreamProviderFactory {

    public static final String PROVIDER_ID = "rfc8693";
    static final String CLIENT_AUTH = "rfc8693.client-auth";
    static final String CLIENT_ID = "rfc8693.client-id";
    static final String CLIENT_SECRET = "rfc8693.client-secret";
    static final String SUBJECT_TOKEN_TYPE = "rfc8693.subject-token-type";
    static final String AUDIENCE = "rfc8693.audience";
    static final String RESOURCE = "rfc8693.resource";
    static final String REQUESTED_TOKEN_TYPE = "rfc8693.requested-token-type";
    static final String EXTRA_PARAMS = "rfc8693.extra-params";

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        return new Rfc8693Upstream(ClientAuth.parse(model.get(CLIENT_AUTH, "none")), model.get(CLIENT_ID), model.get(CLIENT_SECRET),
                model.get(SUBJECT_TOKEN_TYPE, "urn:ietf:params:oauth:token-type:jwt"), model.get(AUDIENCE), model.get(RESOURCE),
                model.get(REQUESTED_TOKEN_TYPE), extraParams(model.get(EXTRA_PARAMS)));
    }

    /** What this server is asked for, when configured; else an access token. */
    @Override
    public Set<String> issuableTokenTypes(ComponentModel upstream) {
        String configured = UpstreamSettings.blankToNull(upstream.get(REQUESTED_TOKEN_TYPE));
        return Set.of(configured == null ? UpstreamToken.ACCESS_TOKEN_TYPE : configured);
    }

    @Override
    protected List<ProviderConfigProperty> platformProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CLIENT_AUTH).label("Client authentication")
                .helpText("none, client_secret_basic, or private_key_jwt (a JWT signed with the realm key, verifiable through the realm JWKS).")
                .type(ProviderConfigProperty.LIST_TYPE).options("none", "client_secret_basic", "private_key_jwt").defaultValue("none").add()
                .property().name(CLIENT_ID).label("Client id at the upstream").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(CLIENT_SECRET).label("Client secret")
                .helpText("For client_secret_basic; use a vault reference such as ${vault.upstream-secret}.")
                .type(ProviderConfigProperty.PASSWORD).secret(true).add()
                .property().name(SUBJECT_TOKEN_TYPE).label("subject_token_type")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("urn:ietf:params:oauth:token-type:jwt").add()
                .property().name(AUDIENCE).label("audience parameter").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(RESOURCE).label("resource parameter").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(REQUESTED_TOKEN_TYPE).label("requested_token_type parameter").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(EXTRA_PARAMS).label("Extra parameters")
                .helpText("Space-separated name=value pairs added to the request.").type(ProviderConfigProperty.STRING_TYPE).add()
                .build();
    }

    @Override
    protected void validatePlatform(ComponentModel model, UpstreamSettings settings) {
        ClientAuth auth;
        try {
            auth = ClientAuth.parse(model.get(CLIENT_AUTH, "none"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(CLIENT_AUTH, e.getMessage());
        }
        try {
            extraParams(model.get(EXTRA_PARAMS));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(EXTRA_PARAMS, e.getMessage());
        }
        if (auth != ClientAuth.NONE && UpstreamSettings.blankToNull(model.get(CLIENT_ID)) == null) {
            throw new InvalidSetting(CLIENT_ID, CLIENT_ID + " is required for " + auth.configValue());
        }
        if (auth == ClientAuth.CLIENT_SECRET_BASIC && UpstreamSettings.blankToNull(model.get(CLIENT_SECRET)) == null) {
            throw new InvalidSetting(CLIENT_SECRET, CLIENT_SECRET + " is required for client_secret_basic");
        }
    }

    static Map<String, String> extraParams(String value) {
        Map<String, String> params = new LinkedHashMap<>();
        if (value != null && !value.isBlank()) {
            for (String pair : value.trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("extra parameter '" + pair + "' is not name=value");
                }
                String name = pair.substring(0, eq);
                if (Rfc8693Upstream.RESERVED.contains(name)) {
                    throw new IllegalArgumentException("extra parameter '" + name + "' is set by the exchange itself");
                }
                params.put(name, pair.substring(eq + 1));
            }
        }
        return params;
    }

    @Override
    public String getHelpText() {
        return "Any RFC 8693 token exchange endpoint.";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
