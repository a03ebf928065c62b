package dev.tokenbroker.upstream;

import java.util.ArrayList;
import java.util.List;

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
import dev.tokenbroker.upstream.cache.UpstreamCacheEvents;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;
import dev.tokenbroker.upstream.subject.IdpClient;
import dev.tokenbroker.upstream.subject.SubjectTokenSource;

/**
 * What every platform factory shares: the common settings and their validation (on create, update and
 * realm import alike, since Keycloak validates components on every path), alias and resource
 * uniqueness, and dropping cached tokens when an upstream changes.
 */
public abstract class AbstractUpstreamProviderFactory implements UpstreamProviderFactory {

    /** Platform-specific settings, shown after the common ones. */
    protected abstract List<ProviderConfigProperty> platformProperties();

    /** Validates the platform-specific settings; throw {@link ComponentValidationException} naming the setting. */
    protected abstract void validatePlatform(ComponentModel model, UpstreamSettings settings);

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        problemsOf(session, realm, model).throwFirst();
    }

    @Override
    public final List<FieldError> problems(KeycloakSession session, RealmModel realm, ComponentModel model) {
        return problemsOf(session, realm, model).all();
    }

    /** The platform's checks need the common settings, so they run only when those are valid; the policy's always run. */
    private SettingProblems problemsOf(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SettingProblems problems = new SettingProblems(settingKeys());
        UpstreamSettings settings = problems.check(() -> UpstreamSettings.forSave(model, callsTokenEndpoint()));
        if (settings != null) {
            problems.check(() -> UpstreamDirectory.requireAnswersAlone(realm, model, settings.alias(), settings.resource()));
            if (!settings.subjectToken().isMinted()) {
                problems.check(() -> requireRefreshableProvider(session, settings.subjectToken().identityProvider()));
            }
            problems.check(() -> validatePlatform(model, settings));
        }
        problems.policy(model.getName(), model::get);
        return problems;
    }

    /** A stored-token subject needs an identity provider that stores tokens and that the broker can refresh at. */
    private static void requireRefreshableProvider(KeycloakSession session, String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null) {
            throw new InvalidSetting(SubjectTokenSource.SOURCE, SubjectTokenSource.SOURCE + ": the realm has no identity provider '" + alias + "'");
        }
        if (!Boolean.TRUE.equals(provider.isStoreToken())) {
            throw new InvalidSetting(SubjectTokenSource.SOURCE, "identity provider '" + alias + "' must store tokens (Store tokens on)");
        }
        String problem = IdpClient.problemWith(provider);
        if (problem != null) {
            throw new InvalidSetting(SubjectTokenSource.SOURCE, problem);
        }
    }

    /** Tokens of the old configuration can no longer be served (the fingerprint in the key changed); this frees them on every node. */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        UpstreamCacheEvents.dropUpstream(session, realm.getId(), newModel.getId());
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        UpstreamCacheEvents.dropUpstream(session, realm.getId(), model.getId());
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(commonProperties());
        properties.addAll(platformProperties());
        properties.addAll(PolicyConfigProperties.forComponents());
        return properties;
    }

    private List<ProviderConfigProperty> commonProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(UpstreamSettings.RESOURCE).label("Resource URI")
                .helpText("RFC 8707 resource indicator that also selects this upstream (optional); the component name is the alias sent as audience.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(UpstreamSettings.ASSERTION_AUDIENCE).label("Assertion audience")
                .helpText("aud of the JWT Keycloak mints: the value the platform's trust configuration expects (required unless the subject token source is idp:<alias>).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(UpstreamSettings.ASSERTION_LIFETIME).label("Assertion lifetime (s)")
                .helpText("Seconds between iat and exp of the minted JWT (10-3600).")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_ASSERTION_LIFETIME)).add()
                .property().name(UpstreamSettings.ASSERTION_ALGORITHM).label("Signature algorithm")
                .helpText("RS256 or ES256; the realm needs an active key of that type.")
                .type(ProviderConfigProperty.LIST_TYPE).options("RS256", "ES256").defaultValue("RS256").add()
                .property().name(UpstreamSettings.SUBJECT_SOURCE).label("Subject")
                .helpText("What the platform knows the user as: user name, verified e-mail, or a user attribute.")
                .type(ProviderConfigProperty.LIST_TYPE).options("email", "username", "attribute").defaultValue("email").add()
                .property().name(UpstreamSettings.SUBJECT_ATTRIBUTE).label("Subject attribute")
                .helpText("User attribute holding the platform user name, when Subject is attribute.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SubjectTokenSource.SOURCE).label("Subject token source")
                .helpText("minted: a JWT this realm signs (the platform trusts the realm). idp:<alias>: the user's stored token of that identity provider (the platform trusts that IdP directly: brokered exchange).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("minted").add()
                .property().name(SubjectTokenSource.TYPE).label("Stored token forwarded")
                .helpText("For idp:<alias>: the stored ID token or access token.")
                .type(ProviderConfigProperty.LIST_TYPE).options("id_token", "access_token").defaultValue("id_token").add()
                .property().name(UpstreamSettings.SCOPE_DEFAULT).label("Default scope")
                .helpText("Platform scope used when the request sends none.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(UpstreamSettings.SCOPE_ALLOWED).label("Allowed scopes")
                .helpText("Space-separated platform scopes a request may ask for (the default is always allowed).")
                .type(ProviderConfigProperty.STRING_TYPE).add();
        if (callsTokenEndpoint()) {
            builder.property().name(UpstreamSettings.TOKEN_ENDPOINT).label("Token endpoint")
                    .helpText("The platform's token service URL (https; http only to loopback).")
                    .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                    .property().name(UpstreamSettings.CONNECT_TIMEOUT).label("Connect timeout (ms)")
                    .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                    .property().name(UpstreamSettings.READ_TIMEOUT).label("Read timeout (ms)")
                    .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_READ_TIMEOUT_MS)).add();
        }
        return builder
                .property().name(UpstreamSettings.MAX_EXPIRES_IN).label("Maximum expires_in (s)")
                .helpText("Cap on the lifetime reported for the returned token.")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(UpstreamSettings.DEFAULT_MAX_EXPIRES_IN)).add()
                .property().name(UpstreamSettings.CACHE_ENABLED).label("Cache platform tokens")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .build();
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
}
