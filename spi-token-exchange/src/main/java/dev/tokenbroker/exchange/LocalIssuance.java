package dev.tokenbroker.exchange;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.tokenexchange.StandardTokenExchangeProvider;
import org.keycloak.representations.AccessToken;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * Issues a delegated token of this realm through Keycloak's standard exchange (client session,
 * protocol mappers, consents, signing with the realm's active key), for one validated grant. Used
 * only for delegations, built per request; {@link TokenNarrowing} shapes the token before signing.
 */
final class LocalIssuance extends StandardTokenExchangeProvider {

    private final DelegationGrant grant;
    private final List<ClientModel> audiences;
    private final Scopes requested;
    private final AuthorizationDetails authorizationDetails;
    private final Set<String> unlistedScopes;

    /**
     * @param requested            the request's {@code scope} (already within the grant), empty for the client's defaults
     * @param authorizationDetails what the token is for (RFC 9396 §9: carried as a claim), or none
     */
    LocalIssuance(DelegationGrant grant, List<ClientModel> audiences, Scopes requested, AuthorizationDetails authorizationDetails,
                  Set<String> unlistedScopes) {
        this.grant = grant;
        this.audiences = audiences;
        this.requested = requested;
        this.authorizationDetails = authorizationDetails;
        this.unlistedScopes = unlistedScopes;
    }

    /**
     * Runs Keycloak's issuance in a context of its own: its event is collected for the record rather
     * than sent, and its {@code scope} parameter leaves out {@code openid}, which Keycloak reads to add
     * an ID token. A delegated exchange issues the access token that records the actor, and nothing that
     * omits it; {@code openid} still reaches the access token's scope, so the token works at userinfo.
     */
    Response issue(TokenExchangeContext request, IssuanceEvent issuanceEvent) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        request.getFormParams().forEach(form::put);
        form.remove(OAuth2Constants.SCOPE);
        // Checked and carried by the broker (TokenNarrowing), not left for Keycloak's own RAR processing.
        form.remove(AuthorizationDetails.PARAMETER);
        String scopeWithoutOpenid = requested.without(OAuth2Constants.SCOPE_OPENID).toString();
        if (!scopeWithoutOpenid.isEmpty()) {
            form.putSingle(OAuth2Constants.SCOPE, scopeWithoutOpenid);
        }
        return exchange(new TokenExchangeContext(request.getSession(), form, request.getCors(), request.getRealm(),
                issuanceEvent, request.getClient(), request.getClientConnection(), request.getHeaders(),
                request.getTokenManager(), request.getClientAuthAttributes()));
    }

    @Override
    protected Response tokenExchange() {
        return exchangeClientToClient(grant.user(), grant.userSession(), grant.subjectToken(), true);
    }

    @Override
    protected String getRequestedTokenType() {
        return OAuth2Constants.ACCESS_TOKEN_TYPE;
    }

    @Override
    protected List<ClientModel> getTargetAudienceClients() {
        return audiences;
    }

    /**
     * The requested scopes, openid included, become the client session's scope (none requested: the
     * client's defaults, within the grant); the client's other
     * scopes are restricted to those that never show in {@code scope} (basic, roles...), which the
     * scope claim cannot say were granted.
     */
    @Override
    protected String getRequestedScope(AccessToken token, List<ClientModel> targetAudienceClients) {
        Set<String> restricted = new HashSet<>(unlistedScopes);
        restricted.addAll(grant.allowedScopes().asSet());
        // The client's own (dedicated) mappers count as a scope named after the client's display name,
        // which may be null; without it the client's audience mappers would be filtered out too.
        restricted.add(client.getName());
        context.setRestrictedScopes(restricted);
        return requested.isEmpty() ? null : requested.toString();
    }

    @Override
    protected void checkRequestedAudiences(TokenManager.AccessTokenResponseBuilder responseBuilder) {
        AccessToken token = responseBuilder.getAccessToken();
        TokenNarrowing.apply(token, TokenNarrowing.Limits.of(grant, authorizationDetails));
        event.detail(org.keycloak.events.Details.TOKEN_ID, token.getId());
        event.detail(org.keycloak.events.Details.SCOPE, token.getScope());
        event.detail(ExchangeRecord.EXPIRES_IN, String.valueOf(token.getExp() - token.getIat()));
    }
}
