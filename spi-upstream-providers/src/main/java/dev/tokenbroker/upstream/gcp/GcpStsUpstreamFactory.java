package dev.tokenbroker.upstream.gcp;

import java.net.URI;
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
 * GCP STS with a workload or workforce identity pool provider trusting the realm, optionally followed
 * by service account impersonation (IAM Credentials generateAccessToken).
 */
public class GcpStsUpstreamFactory extends AbstractUpstreamProviderFactory {

    public static final String PROVIDER_ID = "gcp-sts";
    static final String PROVIDER_AUDIENCE = "gcp.provider";
    static final String SERVICE_ACCOUNT = "gcp.service-account";
    static final String IAM_CREDENTIALS_ENDPOINT = "gcp.iamcredentials-endpoint";
    static final String IMPERSONATION_LIFETIME = "gcp.impersonation-lifetime";
    static final String DEFAULT_IAM_CREDENTIALS = "https://iamcredentials.googleapis.com";
    /** Google's default (and, without an organisation policy, maximum) service account token lifetime. */
    static final int DEFAULT_IMPERSONATION_LIFETIME = 3600;

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        String iam = UpstreamSettings.blankToNull(model.get(IAM_CREDENTIALS_ENDPOINT));
        return new GcpStsUpstream(model.get(PROVIDER_AUDIENCE), UpstreamSettings.blankToNull(model.get(SERVICE_ACCOUNT)),
                URI.create(iam == null ? DEFAULT_IAM_CREDENTIALS : iam),
                impersonationLifetime(model));
    }

    @Override
    protected List<ProviderConfigProperty> platformProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(PROVIDER_AUDIENCE).label("Pool provider")
                .helpText("//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>, "
                        + "or .../locations/global/workforcePools/<pool>/providers/<provider>: sent as the STS audience parameter.")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(SERVICE_ACCOUNT).label("Service account to impersonate")
                .helpText("Optional e-mail of a service account; the federated principal needs roles/iam.workloadIdentityUser on it.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(IAM_CREDENTIALS_ENDPOINT).label("IAM Credentials endpoint")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_IAM_CREDENTIALS).add()
                .property().name(IMPERSONATION_LIFETIME).label("Impersonated token lifetime (s)")
                .helpText("Longest lifetime to ask generateAccessToken for (60-43200; over 3600 needs Google's lifetime-extension "
                        + "organisation policy). Shortened to what the delegated grant has left.")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(DEFAULT_IMPERSONATION_LIFETIME)).add()
                .build();
    }

    @Override
    protected void validatePlatform(ComponentModel model, UpstreamSettings settings) {
        String provider = model.get(PROVIDER_AUDIENCE);
        if (provider == null || !provider.matches("//iam\\.googleapis\\.com/(projects/\\d+/locations/global/workloadIdentityPools|locations/global/workforcePools)/[^/]+/providers/[^/]+")) {
            throw new InvalidSetting(PROVIDER_AUDIENCE, PROVIDER_AUDIENCE + " must be the full resource name of a workload or workforce pool provider");
        }
        String iam = UpstreamSettings.blankToNull(model.get(IAM_CREDENTIALS_ENDPOINT));
        if (iam != null) {
            UpstreamSettings.outboundUrlOnSave(IAM_CREDENTIALS_ENDPOINT, iam); // called with the federated token: same rules as the token endpoint
        }
        String account = UpstreamSettings.blankToNull(model.get(SERVICE_ACCOUNT));
        if (account != null && !account.matches("[a-z0-9-]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com")) {
            throw new InvalidSetting(SERVICE_ACCOUNT, SERVICE_ACCOUNT + " must be a service account e-mail");
        }
        impersonationLifetime(model);
        if (settings.defaultScope() == null) {
            throw new InvalidSetting(UpstreamSettings.SCOPE_DEFAULT, UpstreamSettings.SCOPE_DEFAULT + " is required, e.g. https://www.googleapis.com/auth/cloud-platform");
        }
    }

    /** The configured lifetime ceiling for impersonated tokens. */
    private static int impersonationLifetime(ComponentModel model) {
        return UpstreamSettings.intSetting(model, IMPERSONATION_LIFETIME, DEFAULT_IMPERSONATION_LIFETIME, 60,
                (int) GcpStsUpstream.MAX_LIFETIME_SECONDS);
    }

    @Override
    public String getHelpText() {
        return "GCP STS token exchange through a workload/workforce identity pool, optionally impersonating a service account.";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
