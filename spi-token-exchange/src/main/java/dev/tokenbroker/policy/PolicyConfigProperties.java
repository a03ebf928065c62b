package dev.tokenbroker.policy;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The policy settings as component configuration properties (what an upstream's form shows), keys
 * under {@value PolicySettingsSource#COMPONENT_PREFIX}.
 */
public final class PolicyConfigProperties {

    private PolicyConfigProperties() {
    }

    public static List<ProviderConfigProperty> forComponents() {
        String p = PolicySettingsSource.COMPONENT_PREFIX;
        return ProviderConfigurationBuilder.create()
                .property().name(p + PolicyConfig.ENGINE).label("Policy engine")
                .helpText("Who decides exchanges to this upstream: none, builtin (the rules below) or opa. Empty: the realm's"
                        + " default (realm attribute tokenbroker.policy.engine).")
                .type(ProviderConfigProperty.LIST_TYPE).options("", "none", "builtin", "opa").add()
                .property().name(p + PolicyConfig.USER_ATTRIBUTES).label("Policy: user attributes")
                .helpText("User attributes the policy input carries (space-separated); none by default.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.AGENTS).label("Built-in: allowed agents")
                .helpText("Client ids the current actor must be one of (space-separated).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.TOOLS).label("Built-in: allowed tools")
                .helpText("Tools (authorization_details tool_invocation) the exchange must name one of.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.ROLES).label("Built-in: required realm roles")
                .helpText("The user must hold one of these realm roles, or be in one of the groups below.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.GROUPS).label("Built-in: required groups")
                .helpText("Group paths (e.g. /analysts); membership of a subgroup counts.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.MAX_LIFETIME).label("Built-in: maximum lifetime (s)")
                .type(ProviderConfigProperty.INTEGER_TYPE).add()
                .property().name(p + PolicyConfig.SCOPES).label("Built-in: allowed scopes")
                .helpText("The most scopes a token may carry (narrowed, never widened).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.TIME_WINDOWS).label("Built-in: time windows")
                .helpText("e.g. 'Mon-Fri 08:00-18:00; Sat 09:00-12:00' (end exclusive, 24:00 allowed).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.TIME_ZONE).label("Built-in: time zone")
                .helpText("IANA name, e.g. Europe/Berlin; default UTC.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.OPA_URL).label("OPA: URL")
                .helpText("OPA's base URL; https, or plain http to loopback (a sidecar).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.OPA_PATH).label("OPA: decision path")
                .helpText("Document path under /v1/data/, default tokenbroker/exchange/decision.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(p + PolicyConfig.OPA_TOKEN).label("OPA: bearer token")
                .helpText("For OPA's token authentication; use a vault reference ${vault.<key>}.")
                .type(ProviderConfigProperty.PASSWORD).secret(true).add()
                .property().name(p + PolicyConfig.OPA_CONNECT_TIMEOUT).label("OPA: connect timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("500").add()
                .property().name(p + PolicyConfig.OPA_READ_TIMEOUT).label("OPA: read timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("1000").add()
                .build();
    }
}
