package dev.tokenbroker.upstream.passthrough;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.exchange.ExchangeRecord;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamDetails;
import dev.tokenbroker.upstream.UpstreamFailure;
import dev.tokenbroker.upstream.UpstreamToken;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.lifetime.GrantLifetime;
import dev.tokenbroker.upstream.lifetime.IssuedLifetime;
import dev.tokenbroker.upstream.lifetime.LifetimeRequest;

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
public final class PassthroughRoute implements ExchangeRoute {

    public static final String FLOW = "passthrough";
    public static final String IDENTITY_PROVIDER_DETAIL = "upstream_identity_provider";

    private static final Logger LOG = Logger.getLogger(PassthroughRoute.class);

    private final ComponentModel component;

    public PassthroughRoute(ComponentModel component) {
        this.component = component;
    }

    @Override
    public String target() {
        return component.getName();
    }

    @Override
    public String targetType() {
        return component.getProviderId();
    }

    @Override
    public String flow() {
        return FLOW;
    }

    @Override
    public List<PolicySettingsSource> policySettings() {
        return List.of(PolicySettingsSource.component(component.getName(), component::get));
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
                .detail(IDENTITY_PROVIDER_DETAIL, settings.identityProvider());
        if (!settings.allows(grant.client().getClientId())) {
            throw ExchangeRefusal.unauthorizedClient("client " + Echo.of(grant.client().getClientId())
                    + " may not obtain tokens of upstream " + settings.alias() + " (" + PassthroughSettings.ALLOWED_CLIENTS + ")");
        }
        IdentityProviderModel provider = request.session().identityProviders().getByAlias(settings.identityProvider());
        if (provider == null || !provider.isEnabled()) {
            throw ExchangeRefusal.invalidTarget("upstream " + settings.alias() + ": identity provider '" + settings.identityProvider()
                    + "' is " + (provider == null ? "not configured" : "disabled"));
        }
        StoredTokenSource.Current current = currentToken(request, settings, provider, grant);
        StoredIdpToken token = current.token();
        requireHandOverable(token, settings, request);

        long now = UpstreamClock.KEYCLOAK.nowSeconds();
        GrantLifetime grantLifetime = GrantLifetime.until(grant.expiresAt(), UpstreamClock.KEYCLOAK);
        IssuedLifetime lifetime = IssuedLifetime.settle(FLOW, token.expiresIn(now, settings.maxExpiresIn()), LifetimeRequest.NONE,
                grantLifetime, settings.maxExpiresIn());
        lifetime.recordOn(record);
        record.detail(UpstreamDetails.CACHE, current.refreshed() ? "refreshed" : "stored")
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

    private StoredTokenSource.Current currentToken(FlowRequest request, PassthroughSettings settings, IdentityProviderModel provider,
                                                   DelegationGrant grant) {
        KeycloakSession session = request.session();
        StoredLinks links = new StoredLinks(session.getKeycloakSessionFactory(), request.realm().getId(), grant.user().getId(),
                settings.identityProvider());
        UpstreamHttp http = new UpstreamHttp(session, settings.connectTimeoutMs(), settings.readTimeoutMs());
        StoredTokenSource source = new StoredTokenSource(links,
                refreshToken -> refresh(session, provider, http, refreshToken, request.record()),
                UpstreamClock.KEYCLOAK, request.realm().getId() + '\n' + grant.user().getId() + '\n' + settings.identityProvider(),
                settings.connectTimeoutMs() + (long) settings.readTimeoutMs());
        try {
            return source.current(settings.minValiditySeconds());
        } catch (LinkProblem problem) {
            throw refusalFor(problem, request, settings, grant);
        } catch (UpstreamFailure failure) {
            request.record().detail(UpstreamDetails.OUTCOME, failure.isTransient() ? "unavailable" : "rejected");
            String reason = settings.alias() + ": refreshing at identity provider '" + settings.identityProvider() + "' failed: "
                    + PlatformReason.sanitise(failure.getMessage());
            LOG.debugf("passthrough %s: %s", settings.alias(), reason);
            throw failure.isTransient() ? ExchangeRefusal.temporarilyUnavailable(reason) : ExchangeRefusal.upstreamRejected(reason);
        }
    }

    private static RefreshedTokens refresh(KeycloakSession session, IdentityProviderModel provider, UpstreamHttp http,
                                           String refreshToken, ExchangeRecord record) {
        IdpClient client;
        try {
            client = IdpClient.of(provider, secret -> resolve(session, secret));
        } catch (IllegalStateException unusable) {
            throw UpstreamFailure.unavailable(unusable.getMessage(), null);
        }
        long started = System.nanoTime();
        try {
            return new IdpTokenRefresher(http).refresh(client, refreshToken);
        } finally {
            record.detail(UpstreamDetails.LATENCY, String.valueOf((System.nanoTime() - started) / 1_000_000));
        }
    }

    private static String resolve(KeycloakSession session, String secret) {
        try (VaultStringSecret vaulted = session.vault().getStringSecret(secret)) {
            return vaulted.get().orElse(secret);
        }
    }

    /** Never the caller's own token (MCP forbids token passthrough of the client's token), never one for another audience. */
    private static void requireHandOverable(StoredIdpToken token, PassthroughSettings settings, FlowRequest request) {
        if (token.accessToken().equals(request.request().subjectToken())) {
            throw ExchangeRefusal.invalidRequest("upstream " + settings.alias() + ": the stored token is the subject_token presented");
        }
        List<String> audiences = token.jwtAudiences();
        if (settings.tokenAudience() != null && audiences != null && !audiences.contains(settings.tokenAudience())) {
            throw ExchangeRefusal.invalidTarget("upstream " + settings.alias() + ": the stored token is not for audience "
                    + settings.tokenAudience());
        }
        Scopes requested = request.request().scopes();
        if (requested != null && !requested.isEmpty()) {
            String notGranted = requested.firstNotIn(Scopes.parse(token.scope()));
            if (notGranted != null) {
                throw ExchangeRefusal.invalidScope("scope " + Echo.of(notGranted) + " was not granted by identity provider '"
                        + settings.identityProvider() + "'");
            }
        }
    }

    /**
     * RFC 8693 §2.2.2 {@code invalid_request}: the request was well formed, but the user's link cannot
     * yield a token — something only the user can fix, so the description says how (the link URL,
     * Keycloak's application-initiated action, for the client the user signed in to).
     */
    private static ExchangeRefusal refusalFor(LinkProblem problem, FlowRequest request, PassthroughSettings settings,
                                              DelegationGrant grant) {
        String idp = settings.identityProvider();
        String link = linkUrl(request.realmIssuer(), grant.subjectToken().getIssuedFor(), idp);
        request.record().detail(UpstreamDetails.OUTCOME, "link_" + problem.kind().name().toLowerCase(java.util.Locale.ROOT));
        return switch (problem.kind()) {
            case NOT_LINKED -> ExchangeRefusal.invalidRequest("user has not linked identity provider '" + idp + "'; link it at " + link);
            case NO_STORED_TOKEN -> ExchangeRefusal.invalidRequest("no stored token for identity provider '" + idp
                    + "'; sign in through it again at " + link);
            case EXPIRED -> ExchangeRefusal.invalidRequest("the stored token of identity provider '" + idp
                    + "' expired and cannot be refreshed; sign in through it again at " + link);
            case REFRESH_REFUSED -> ExchangeRefusal.invalidRequest("identity provider '" + idp + "' refused to refresh the stored token at "
                    + Instant.ofEpochSecond(problem.at()) + " (" + PlatformReason.sanitise(problem.getMessage())
                    + "): the grant was revoked; link it again at " + link);
            case BUSY -> ExchangeRefusal.temporarilyUnavailable("upstream " + settings.alias()
                    + ": the stored token is being refreshed by another request; retry");
        };
    }

    static String linkUrl(String realmIssuer, String clientId, String idpAlias) {
        return realmIssuer + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
                + URLEncoder.encode(clientId == null ? "" : clientId, StandardCharsets.UTF_8)
                + "&kc_action=idp_link:" + idpAlias; // aliases are URL-safe (letters, digits, '-', '_', '.')
    }

    private PassthroughSettings settings() {
        try {
            return PassthroughSettings.from(component);
        } catch (RuntimeException e) {
            throw ExchangeRefusal.temporarilyUnavailable(component.getName() + ": upstream is misconfigured");
        }
    }
}
