package dev.tokenbroker.delegation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.keycloak.Config;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * Puts the {@code act} claim of a delegated token back into its introspection response (RFC 7662).
 * Add it to every client that performs delegation exchanges; the demo realm does.
 */
public final class ActIntrospectionMapper implements ProtocolMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "tokenbroker-act-introspection-mapper";

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        String act = ActClaimStore.recall(session, token.getId());
        if (act != null) {
            try {
                token.getOtherClaims().put("act", JsonSerialization.readValue(act, new TypeReference<Map<String, Object>>() { }));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored act claim is not JSON", e);
            }
        }
        return token;
    }

    @Override
    public String getProtocol() {
        return OIDCLoginProtocol.LOGIN_PROTOCOL;
    }

    @Override
    public String getDisplayCategory() {
        return "Token mapper";
    }

    @Override
    public String getDisplayType() {
        return "Delegation actor (act) in introspection";
    }

    @Override
    public String getHelpText() {
        return "Shows the act claim of tokens issued by delegation token exchange in introspection responses.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public ProtocolMapper create(KeycloakSession session) {
        return this;
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
