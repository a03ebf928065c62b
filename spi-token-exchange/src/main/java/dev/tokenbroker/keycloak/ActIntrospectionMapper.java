package dev.tokenbroker.keycloak;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.Config;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
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
 * Makes the introspection response (RFC 7662) of a delegated token describe the token that was
 * issued: its {@code act}, its narrowed {@code aud}, {@code scope} and roles, and the
 * {@code authorization_details} (the tool call) it was issued for. Add it to every
 * client that performs delegation exchanges; the demo realm does.
 *
 * <p>Keycloak 26.7 answers introspection of session-bound tokens by rebuilding the token from its
 * basic claims and the client's protocol mappers: {@code act}, which no mapper knows, would be lost,
 * and the audience and roles the exchange narrowed would come back widened. The token itself still
 * carries what was issued: by the time mappers run, Keycloak has verified the introspected token
 * (signature, expiry, session), and this mapper reads those claims from that same token, matched by
 * {@code jti}, after every other mapper (highest priority). Nothing is stored per delegated token, so
 * introspection works on every node of a cluster and delegation costs no memory for the token's lifetime.
 */
public final class ActIntrospectionMapper implements ProtocolMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "tokenbroker-act-introspection-mapper";

    /** RFC 7662 §2.1: the token being introspected. */
    private static final String INTROSPECTED_TOKEN_PARAMETER = "token";

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        JsonNode issued = delegatedTokenBeingIntrospected(session, token.getId());
        if (issued == null) {
            return token;
        }
        AccessToken asIssued = JsonSerialization.mapper.convertValue(issued, AccessToken.class);
        token.getOtherClaims().put("act", JsonSerialization.mapper.convertValue(issued.get("act"), CLAIM_OBJECT));
        token.audience(asIssued.getAudience());
        token.setScope(asIssued.getScope());
        token.setRealmAccess(asIssued.getRealmAccess());
        token.setResourceAccess(asIssued.getResourceAccess());
        // RFC 9396 §9.2: introspection names the authorization details (the tool call) the token was issued for.
        token.setAuthorizationDetails(asIssued.getAuthorizationDetails());
        return token;
    }

    /** Runs after every mapper that could widen what the exchange narrowed. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    private static final TypeReference<Map<String, Object>> CLAIM_OBJECT = new TypeReference<>() { };

    /**
     * The claims of the token named in the introspection request, or {@code null} when that token is
     * not the one being rebuilt (different {@code jti}) or records no delegation.
     */
    private static JsonNode delegatedTokenBeingIntrospected(KeycloakSession session, String tokenId) {
        HttpRequest request = session.getContext().getHttpRequest();
        if (tokenId == null || request == null) {
            return null;
        }
        String raw = request.getDecodedFormParameters().getFirst(INTROSPECTED_TOKEN_PARAMETER);
        if (raw == null) {
            return null;
        }
        try {
            JsonNode claims = new JWSInput(raw).readJsonContent(JsonNode.class);
            if (claims == null || !tokenId.equals(claims.path("jti").asText(null))) {
                return null;
            }
            JsonNode act = claims.get("act");
            return act != null && act.isObject() ? claims : null;
        } catch (JWSInputException | IllegalArgumentException e) {
            // Keycloak verified this very token before running mappers; an unreadable one has nothing to restore.
            return null;
        }
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
