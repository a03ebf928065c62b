package dev.tokenbroker.exchange;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessTokenResponse;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.tool.AuthorizationDetails;

/** Delegation to clients of this realm: a token of the realm with {@code act}, issued by Keycloak and narrowed. */
final class LocalDelegationRoute implements ExchangeRoute {

    static final String FLOW = "delegation";
    static final String TARGET_TYPE = "client";

    private final TokenExchangeContext context;
    private final KeycloakSession session;
    private final ClientModel client;
    private final List<ClientModel> audiences;
    private final UnlistedClientScopes unlistedScopes;

    LocalDelegationRoute(TokenExchangeContext context, List<ClientModel> audiences, UnlistedClientScopes unlistedScopes) {
        this.context = context;
        this.session = context.getSession();
        this.client = context.getClient();
        this.audiences = audiences;
        this.unlistedScopes = unlistedScopes;
    }

    /** The route as a dry run sees it: everything up to issuing, which it never does. */
    private LocalDelegationRoute(KeycloakSession session, ClientModel client, List<ClientModel> audiences) {
        this.context = null;
        this.session = session;
        this.client = client;
        this.audiences = audiences;
        this.unlistedScopes = null;
    }

    static LocalDelegationRoute preview(KeycloakSession session, ClientModel requestingClient, List<ClientModel> audiences) {
        return new LocalDelegationRoute(session, requestingClient, audiences);
    }

    @Override
    public String target() {
        return String.join(" ", audiences.stream().map(ClientModel::getClientId).toList());
    }

    @Override
    public String targetType() {
        return TARGET_TYPE;
    }

    @Override
    public String flow() {
        return FLOW;
    }

    /** Each audience client's attributes: a token for several audiences must satisfy each one's policy. */
    @Override
    public List<PolicySettingsSource> policySettings() {
        return audiences.stream().map(audience -> PolicySettingsSource.client(audience.getClientId(), audience::getAttribute)).toList();
    }

    /** Access tokens only: a refresh token would outlive the lifetime cap and re-issue without the act chain. */
    @Override
    public boolean canIssue(String requestedTokenType) {
        return requestedTokenType == null || OAuth2Constants.ACCESS_TOKEN_TYPE.equals(requestedTokenType);
    }

    /**
     * The request's scopes, each within the subject token's ({@code openid} too: Keycloak's userinfo
     * needs it in the access token), and available to the requesting client; without a request, the
     * subject token's scopes bound what the client's defaults may add.
     */
    @Override
    public Scopes scopes(Scopes requested, Scopes subjectTokenScopes) {
        if (requested.isEmpty()) {
            return subjectTokenScopes;
        }
        String exceeding = requested.firstNotIn(subjectTokenScopes);
        if (exceeding != null) {
            throw ExchangeRefusal.invalidScope("scope " + Echo.of(exceeding) + " exceeds the scope of the subject_token");
        }
        if (!TokenManager.isValidScope(session, requested.toString(), client)) {
            throw ExchangeRefusal.invalidScope("requested scope is not available to the requesting client");
        }
        return requested;
    }

    @Override
    public Response issue(FlowRequest request) {
        if (context == null) {
            throw new IllegalStateException("a dry run issues nothing");
        }
        IssuanceEvent issuanceEvent = new IssuanceEvent(request.realm(), request.session(), context.getClientConnection());
        AuthorizationDetails details = request.request().authorizationDetails();
        try {
            Response issued = new LocalIssuance(request.grant(), audiences, request.request().scopes(), details,
                    unlistedScopes.of(request.realm().getId(), context.getClient())).issue(context, issuanceEvent);
            return withAuthorizationDetails(issued, details);
        } finally {
            request.record().absorb(issuanceEvent.getEvent());
        }
    }

    /** RFC 9396 §7: the token response names the authorization details the token was issued for. */
    private static Response withAuthorizationDetails(Response issued, AuthorizationDetails details) {
        if (!details.isEmpty() && issued.getEntity() instanceof AccessTokenResponse body) {
            body.setAuthorizationDetails(TokenNarrowing.representations(details.toClaim()));
        }
        return issued;
    }
}
