package dev.tokenbroker.upstream.snowflake;

import java.util.List;
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

/**
 * Snowflake External OAuth: no exchange endpoint; the minted assertion is the bearer token, with
 * {@code aud} = the account URL and {@code scp} = {@code session:role:<ROLE>} for the user's role.
 */
public class SnowflakeUpstreamFactory extends AbstractUpstreamProviderFactory {

    public static final String PROVIDER_ID = "snowflake";
    static final String ROLE_MAPPING = "snowflake.role-mapping";

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        return new SnowflakeUpstream(RoleMapping.parse(model.get(ROLE_MAPPING)));
    }

    @Override
    public boolean callsTokenEndpoint() {
        return false;
    }

    /** The minted JWT is Snowflake's OAuth access token. */
    @Override
    public Set<String> issuableTokenTypes(ComponentModel upstream) {
        return Set.of(UpstreamToken.JWT_TYPE, UpstreamToken.ACCESS_TOKEN_TYPE);
    }

    @Override
    protected List<ProviderConfigProperty> platformProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ROLE_MAPPING).label("Role mapping")
                .helpText("Which Snowflake role a user's session gets, first match wins: space-separated 'role:<realm role>=<SNOWFLAKE ROLE>' "
                        + "or 'attribute:<user attribute>' (the attribute holds the role). E.g. 'role:analyst=ANALYST'.")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .build();
    }

    @Override
    protected void validatePlatform(ComponentModel model, UpstreamSettings settings) {
        try {
            RoleMapping.parse(model.get(ROLE_MAPPING));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(ROLE_MAPPING, ROLE_MAPPING + ": " + e.getMessage());
        }
        if (!settings.assertionAudience().startsWith("https://")) {
            throw new InvalidSetting(UpstreamSettings.ASSERTION_AUDIENCE, UpstreamSettings.ASSERTION_AUDIENCE + " must be the account URL, https://<account>.snowflakecomputing.com");
        }
    }

    @Override
    public String getHelpText() {
        return "Snowflake External OAuth: the minted JWT itself is the bearer token (scp carries the session role).";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
