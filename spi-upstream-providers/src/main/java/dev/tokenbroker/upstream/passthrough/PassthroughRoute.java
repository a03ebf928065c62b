package dev.tokenbroker.upstream.passthrough;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.IdentityProviderModel;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.exchange.ExchangeRecord;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamComponentRoute;
import dev.tokenbroker.upstream.UpstreamDetails;
import dev.tokenbroker.upstream.lifetime.GrantLifetime;
import dev.tokenbroker.upstream.lifetime.IssuedLifetime;
import dev.tokenbroker.upstream.lifetime.LifetimeRequest;
import dev.tokenbroker.upstream.spi.UpstreamToken;
import dev.tokenbroker.upstream.subject.StoredIdpToken;
import dev.tokenbroker.upstream.subject.StoredIdpTokens;
import dev.tokenbroker.upstream.subject.StoredTokenSource;

/**
 * Session passthrough: the user's own stored access token for one identity provider, refreshed when
 * (nearly) expired, handed to a client allowed to have it. Nothing is minted; the pipeline's gate and
 * record apply as to every route.
 *
 * <p>Guards, in order: the requesting client is allowed for this upstream ({@code unauthorized_client});
 * the identity provider exists and is enabled ({@code invalid_target}); the user has a usable link
 * ({@code invalid_request}, naming the link URL); the token is not the one the caller presented and,
 * when a JWT, is for this upstream's audience; the requested scope is within the stored token's.
 */
public final class PassthroughRoute extends UpstreamComponentRoute {

    public static final String FLOW = "passthrough";
    /** How the stored token's expiry was known: Keycloak's stored expiry, the JWT's {@code exp}, or not at all. */
    public static final String EXPIRY_SOURCE_DETAIL = "upstream_token_expiry";

    public PassthroughRoute(ComponentModel component) {
        super(component);
    }

    @Override
    public String flow() {
        return FLOW;
    }

    @Override
    public boolean canIssue(String requestedTokenType) {
        return requestedTokenType == null || UpstreamToken.ACCESS_TOKEN_TYPE.equals(requestedTokenType);
    }

    /** A stored token cannot be narrowed: the request's scope is checked against it when it is read. */
    @Override
    public Scopes scopes(Scopes requested, Scopes subjectTokenScopes) {
        return requested;
    }

    @Override
    public Response issue(FlowRequest request) {
        PassthroughSettings settings = settings();
        DelegationGrant grant = request.grant();
        ExchangeRecord record = request.record();
        record.detail(UpstreamDetails.UPSTREAM, component.getName()).detail(UpstreamDetails.UPSTREAM_PROVIDER, component.getProviderId())
                .detail(StoredIdpTokens.IDENTITY_PROVIDER_DETAIL, settings.identityProvider());
        if (!settings.allows(grant.client().getClientId())) {
            throw ExchangeRefusal.unauthorizedClient("client " + Echo.of(grant.client().getClientId())
                    + " may not obtain tokens of upstream " + settings.alias() + " (" + PassthroughSettings.ALLOWED_CLIENTS + ")");
        }
        IdentityProviderModel provider = StoredIdpTokens.enabledProvider(request.session(), settings.identityProvider(), settings.alias());
        StoredTokenSource.Current current = StoredIdpTokens.current(request, settings.alias(), provider, settings.minValiditySeconds(),
                settings.connectTimeoutMs(), settings.readTimeoutMs());
        StoredIdpToken token = current.token();
        HandOver.require(token, settings, request.request().subjectToken(), request.request().scopes());

        long now = UpstreamClock.KEYCLOAK.nowSeconds();
        GrantLifetime grantLifetime = GrantLifetime.until(grant.expiresAt(), UpstreamClock.KEYCLOAK);
        IssuedLifetime lifetime = IssuedLifetime.settle(FLOW, token.expiresIn(now, settings.maxExpiresIn()), LifetimeRequest.NONE,
                grantLifetime, settings.maxExpiresIn());
        lifetime.recordOn(record);
        record.detail(EXPIRY_SOURCE_DETAIL, token.expirySource())
                .detail(UpstreamDetails.OUTCOME, current.refreshed() ? "refreshed" : "stored")
                .detail(ExchangeRecord.EXPIRES_IN, String.valueOf(lifetime.expiresIn()));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("issued_token_type", UpstreamToken.ACCESS_TOKEN_TYPE);
        body.put("token_type", token.tokenType());
        body.put("expires_in", lifetime.expiresIn());
        if (token.scope() != null) {
            body.put("scope", token.scope());
        }
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private PassthroughSettings settings() {
        try {
            return PassthroughSettings.from(component);
        } catch (RuntimeException e) {
            throw ExchangeRefusal.temporarilyUnavailable(component.getName() + ": upstream is misconfigured");
        }
    }
}
