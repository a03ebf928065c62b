package dev.tokenbroker.upstream.databricks;

import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.tokenbroker.upstream.AbstractUpstreamProviderFactory;
import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamSettings;

/**
 * Databricks token federation: the workspace ({@code https://<workspace>/oidc/v1/token}) or account
 * ({@code .../oidc/accounts/<id>/v1/token}) token endpoint, trusting the realm through a federation policy.
 */
public class DatabricksUpstreamFactory extends AbstractUpstreamProviderFactory {

    public static final String PROVIDER_ID = "databricks";
    static final String CLIENT_ID = "databricks.client-id";

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        return new DatabricksUpstream(UpstreamSettings.blankToNull(model.get(CLIENT_ID)));
    }

    @Override
    protected List<ProviderConfigProperty> platformProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CLIENT_ID).label("Service principal client_id")
                .helpText("Only for workload identity federation to a service principal; leave empty for users (account federation policy).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .build();
    }

    @Override
    protected void validatePlatform(ComponentModel model, UpstreamSettings settings) {
        for (String scope : settings.allowedScopes()) {
            if (!scope.equals("all-apis") && !scope.equals("sql") && !scope.equals("offline_access")) {
                throw new InvalidSetting(UpstreamSettings.SCOPE_ALLOWED, "Databricks scopes are all-apis, sql or offline_access, not '" + scope + "'");
            }
        }
        if (settings.defaultScope() == null) {
            throw new InvalidSetting(UpstreamSettings.SCOPE_DEFAULT, UpstreamSettings.SCOPE_DEFAULT + " is required for Databricks (all-apis or sql)");
        }
    }

    @Override
    public String getHelpText() {
        return "Databricks token federation (workspace or account OIDC token endpoint).";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
