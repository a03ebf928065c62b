package dev.tokenbroker.upstream.passthrough;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.tokenbroker.admin.FieldError;
import dev.tokenbroker.policy.PolicyConfigProperties;
import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.SettingProblems;
import dev.tokenbroker.upstream.UpstreamDirectory;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;
import dev.tokenbroker.upstream.spi.UpstreamToken;
import dev.tokenbroker.upstream.subject.IdpClient;

/**
 * Upstreams of type {@code passthrough}: an identity provider of the realm whose stored tokens are
 * handed to the clients listed on the upstream. Validated on every save path like the platform
 * upstreams (alias and resource unique, policy settings), plus: the identity provider exists, stores
 * tokens, and has a token endpoint and a client authentication the broker can refresh with.
 */
public class PassthroughUpstreamFactory implements UpstreamProviderFactory {

    public static final String PROVIDER_ID = "passthrough";

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        return new UpstreamProvider() {
            @Override
            public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
                // PassthroughRoute issues; nothing is ever minted for a passthrough upstream.
                throw new UnsupportedOperationException("passthrough upstreams do not redeem assertions");
            }
        };
    }

    @Override
    public boolean callsTokenEndpoint() {
        return false;
    }

    @Override
    public Set<String> issuableTokenTypes(ComponentModel upstream) {
        return Set.of(UpstreamToken.ACCESS_TOKEN_TYPE);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        problemsOf(session, realm, model).throwFirst();
    }

    @Override
    public List<FieldError> problems(KeycloakSession session, RealmModel realm, ComponentModel model) {
        return problemsOf(session, realm, model).all();
    }

    private SettingProblems problemsOf(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SettingProblems problems = new SettingProblems(settingKeys());
        PassthroughSettings settings = problems.check(() -> PassthroughSettings.from(model));
        if (settings != null) {
            problems.check(() -> UpstreamDirectory.requireAnswersAlone(realm, model, settings.alias(), settings.resource()));
            problems.check(() -> requireRefreshableProvider(session, settings.identityProvider()));
        }
        problems.policy(model.getName(), model::get);
        return problems;
    }

    private static void requireRefreshableProvider(KeycloakSession session, String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null) {
            throw new InvalidSetting(PassthroughSettings.IDENTITY_PROVIDER, PassthroughSettings.IDENTITY_PROVIDER
                    + ": the realm has no identity provider '" + alias + "'");
        }
        if (!Boolean.TRUE.equals(provider.isStoreToken())) {
            throw new InvalidSetting(PassthroughSettings.IDENTITY_PROVIDER, "identity provider '" + alias + "' must store tokens (Store tokens on)");
        }
        String problem = IdpClient.problemWith(provider);
        if (problem != null) {
            throw new InvalidSetting(PassthroughSettings.IDENTITY_PROVIDER, problem);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(UpstreamSettings.RESOURCE).label("Resource URI")
                .helpText("RFC 8707 resource indicator that also selects this upstream (optional); the component name is the alias sent as audience.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PassthroughSettings.IDENTITY_PROVIDER).label("Identity provider")
                .helpText("Alias of the realm's identity provider (OIDC or OAuth 2, Store tokens on) whose stored access token is returned.")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(PassthroughSettings.ALLOWED_CLIENTS).label("Allowed requesting clients")
                .helpText("Space-separated client ids that may obtain this provider's tokens; none when empty.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PassthroughSettings.TOKEN_AUDIENCE).label("Token audience")
                .helpText("When set, a JWT access token is returned only if its aud contains this value.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PassthroughSettings.MIN_VALIDITY).label("Refresh when less than (s) left")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(PassthroughSettings.DEFAULT_MIN_VALIDITY)).add()
                .property().name(UpstreamSettings.CONNECT_TIMEOUT).label("Connect timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                .property().name(UpstreamSettings.READ_TIMEOUT).label("Read timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_READ_TIMEOUT_MS)).add()
                .property().name(UpstreamSettings.MAX_EXPIRES_IN).label("Maximum expires_in (s)")
                .helpText("Cap on the lifetime reported for the returned token.")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_MAX_EXPIRES_IN)).add()
                .build());
        properties.addAll(PolicyConfigProperties.forComponents());
        return properties;
    }

    @Override
    public String getHelpText() {
        return "Session passthrough: the user's stored access token of an identity provider of this realm, refreshed when needed.";
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
