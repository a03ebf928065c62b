package dev.tokenbroker.resource;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

/**
 * RFC 8707 resource indicators for the authorization-code flow of the clients a policy picks (the
 * demo: every public client). A {@code resource} the realm does not serve is refused with
 * {@code invalid_target} at the authorization endpoint (error redirect) and the token endpoint (400);
 * one it serves ends up in the access token's {@code aud}, beside whatever the scopes put there.
 *
 * <p>The resources of the authorization request are the grant: kept as a note of the client session,
 * they bound what the token request may name and are what a token or refresh request without
 * {@code resource} gets. Stock Keycloak ignores {@code resource}; its experimental
 * {@code resource-indicators} feature would replace {@code aud} with a client id instead.
 */
final class ResourceIndicatorExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    static final String RESOURCE = "resource";
    /** The grant's resources, space-separated; empty when the authorization request named none. */
    static final String GRANTED_NOTE = "tokenbroker.granted-resources";

    private final KeycloakSession session;

    ResourceIndicatorExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        // Matched by context type, not only by event: another grant reporting the same event is left alone.
        if (context instanceof AuthorizationRequestContext authorization) {
            onAuthorization(authorization);
        } else if (context instanceof TokenRefreshContext refresh) {
            // No client session yet: checked against the realm here, against the grant on the response.
            check(requested(refresh.getParams()), Set.of());
        } else if (context instanceof TokenResponseContext response) {
            // The code grant is checked on its response: Keycloak turns a TOKEN_REQUEST refusal into invalid_grant.
            address(response.getParams(), response.getClientSession(), response.getAccessTokenResponseBuilder());
        } else if (context instanceof TokenRefreshResponseContext response) {
            address(response.getParams(), response.getClientSession(), response.getAccessTokenResponseBuilder());
        }
    }

    private void onAuthorization(AuthorizationRequestContext context) throws ClientPolicyException {
        List<String> requested = requested(context.getRequestParameters());
        if (requested.isEmpty() && context.getAuthorizationEndpointRequest().getResource() != null) {
            requested = List.of(context.getAuthorizationEndpointRequest().getResource()); // from a request object
        }
        check(requested, Set.of());
        if (context.getAuthenticationSession() == null) {
            return;
        }
        // Written even when empty: a later sign-in to the same client session must not inherit an earlier grant.
        context.getAuthenticationSession().setClientNote(GRANTED_NOTE, String.join(" ", requested));
    }

    private void address(MultivaluedMap<String, String> params, AuthenticatedClientSessionModel clientSession,
                         TokenManager.AccessTokenResponseBuilder response) throws ClientPolicyException {
        AccessToken token = response.getAccessToken();
        if (clientSession == null || token == null) {
            return;
        }
        List<String> requested = requested(params);
        Set<String> granted = granted(clientSession);
        check(requested, granted);
        List<String> audience = requested.isEmpty() ? List.copyOf(granted) : requested;
        audience.forEach(token::addAudience);
        if (granted.isEmpty() && !requested.isEmpty()) {
            clientSession.setNote(GRANTED_NOTE, String.join(" ", requested));
        }
    }

    private void check(List<String> requested, Set<String> granted) throws ClientPolicyException {
        if (requested.isEmpty()) {
            return;
        }
        var refusal = ResourceIndicators.refusal(requested, RealmResources.of(session.getContext().getRealm()), granted);
        if (refusal.isPresent()) {
            throw new ClientPolicyException(ResourceIndicators.INVALID_TARGET, refusal.get(), Response.Status.BAD_REQUEST);
        }
    }

    private static List<String> requested(MultivaluedMap<String, String> params) {
        List<String> values = params == null ? null : params.get(RESOURCE);
        return values == null ? List.of() : List.copyOf(values);
    }

    private static Set<String> granted(AuthenticatedClientSessionModel clientSession) {
        return clientSession == null ? Set.of() : ResourceIndicators.split(clientSession.getNote(GRANTED_NOTE));
    }

    @Override
    public String getProviderId() {
        return ResourceIndicatorExecutorFactory.PROVIDER_ID;
    }
}
