package dev.tokenbroker.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.delegation.ImplicitActor;

/** The "Delegation (RFC 8693 act)" executor offered in the admin console's client profiles. */
public class DelegationPolicyExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-delegation";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new DelegationPolicyExecutor(session);
    }

    @Override
    public String getHelpText() {
        return "Lets the clients this policy applies to perform RFC 8693 delegation exchanges: issued tokens keep the user as sub "
                + "and record the acting agent in act. The clients also need Standard Token Exchange enabled.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DelegationSettings.IMPLICIT_ACTOR).label("Actor without actor_token")
                .helpText("subject-client: the client the subject token was issued to (e.g. the AI client) acts; "
                        + "none: requests must name the actor with actor_token.")
                .type(ProviderConfigProperty.LIST_TYPE).options(ImplicitActor.SUBJECT_CLIENT.configValue(), ImplicitActor.NONE.configValue())
                .defaultValue(ImplicitActor.SUBJECT_CLIENT.configValue()).add()
                .property().name(DelegationSettings.ALLOWED_ACTORS).label("Allowed actors")
                .helpText("Space-separated actor subjects (agent client ids, user ids) the client may delegate to; empty allows any.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(DelegationSettings.REQUIRE_MAY_ACT).label("Require may_act")
                .helpText("Refuse subject tokens without a may_act claim naming the actor.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(DelegationSettings.MAX_LIFETIME).label("Maximum token lifetime (s)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(DelegationSettings.DEFAULT_MAX_LIFETIME_SECONDS)).add()
                .property().name(DelegationSettings.MAX_CHAIN_DEPTH).label("Maximum actor chain depth")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(DelegationSettings.DEFAULT_MAX_CHAIN_DEPTH)).add()
                .property().name(DelegationSettings.DEFAULT_AUDIENCE).label("Default audience")
                .helpText("Client id a delegated token is addressed to when the request names no audience or resource; "
                        + "empty refuses such requests (invalid_target) rather than issue the widest token.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
