package dev.tokenbroker.upstream;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.DelegationGrant;
import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.exchange.ExchangeRecord;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.upstream.cache.ActorChainKey;
import dev.tokenbroker.upstream.cache.ConfigFingerprint;
import dev.tokenbroker.upstream.cache.UpstreamTokenCache;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.jwt.AssertionMinter.AssertionClaims;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.jwt.AssertionMinter;
import dev.tokenbroker.upstream.jwt.SubjectMapping;
import dev.tokenbroker.upstream.lifetime.GrantLifetime;
import dev.tokenbroker.upstream.lifetime.IssuedLifetime;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * One upstream as the target of a delegation: mint a short-lived assertion for the user (with the
 * actor chain), redeem it at the platform, and answer with the platform's token in an RFC 8693
 * response. Platform tokens are cached per (user, actor chain, upstream, scope).
 *
 * <p>Audit: the record gets the upstream alias and provider, the assertion's {@code jti} (which the
 * platform logs as the federated token's id), whether the cache answered, and on failure the
 * platform's reason. Tokens never appear in records or logs.
 */
final class UpstreamRoute extends UpstreamComponentRoute {

    public static final String ASSERTION_ID_DETAIL = "upstream_assertion_id";
    static final String FLOW = "federated";
    /** The same platforms, the user proven by her stored corporate IdP token instead of a minted JWT. */
    static final String BROKERED_FLOW = "brokered";
    public static final String SUBJECT_SOURCE_DETAIL = "upstream_subject_source";

    private static final Logger LOG = Logger.getLogger(UpstreamRoute.class);

    private final UpstreamProviderFactory platform;
    private final UpstreamTokenCache cache;
    private final ParsedUpstreamSettings parsedSettings;

    UpstreamRoute(ComponentModel component, UpstreamProviderFactory platform, UpstreamTokenCache cache,
                  ParsedUpstreamSettings parsedSettings) {
        super(component);
        this.platform = platform;
        this.cache = cache;
        this.parsedSettings = parsedSettings;
    }

    @Override
    public String flow() {
        try {
            return settings().subjectToken().isMinted() ? FLOW : BROKERED_FLOW;
        } catch (ExchangeRefusal misconfigured) {
            return FLOW; // refused again, with its reason, when the route issues
        }
    }

    @Override
    public boolean canIssue(String requestedTokenType) {
        return requestedTokenType == null || platform.issuableTokenTypes(component).contains(requestedTokenType);
    }

    /** The platform's scopes are its own vocabulary: the request's, if the upstream allows each, else the configured default. */
    @Override
    public Scopes scopes(Scopes requested, Scopes subjectTokenScopes) {
        UpstreamSettings settings = settings();
        if (requested.isEmpty()) {
            return Scopes.parse(settings.defaultScope());
        }
        String notAllowed = requested.firstNotIn(Scopes.of(settings.allowedScopes()));
        if (notAllowed != null) {
            throw ExchangeRefusal.invalidScope("scope " + Echo.of(notAllowed) + " is not allowed for upstream " + settings.alias());
        }
        return requested;
    }

    @Override
    public Response issue(FlowRequest request) {
        UpstreamSettings settings = settings();
        String scope = request.grant().allowedScopes().isEmpty() ? null : request.grant().allowedScopes().toString();
        request.record().detail(UpstreamDetails.UPSTREAM, component.getName()).detail(UpstreamDetails.UPSTREAM_PROVIDER, component.getProviderId())
                .detail(Details.SCOPE, scope);
        try {
            GrantLifetime grantLifetime = GrantLifetime.until(request.grant().expiresAt(), UpstreamClock.KEYCLOAK);
            UpstreamToken token = tokenFor(request, settings, scope, grantLifetime);
            // Never tell the caller more than the platform issued, the grant allows or the upstream's cap.
            IssuedLifetime lifetime = IssuedLifetime.settle(component.getProviderId(), token.expiresIn(),
                    token.lifetimeRequest(), grantLifetime, settings.maxExpiresIn());
            lifetime.recordOn(request.record());
            request.record().detail(ExchangeRecord.EXPIRES_IN, String.valueOf(lifetime.expiresIn()));
            return Response.ok(responseBody(token.withExpiresIn(lifetime.expiresIn()), scope), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (UpstreamFailure failure) {
            request.record().detail(UpstreamDetails.OUTCOME, failure.isTransient() ? "unavailable" : "rejected");
            String reason = component.getName() + ": " + PlatformReason.sanitise(failure.getMessage());
            LOG.debugf("upstream %s refused or failed: %s", component.getName(), reason);
            throw failure.isTransient() ? ExchangeRefusal.temporarilyUnavailable(reason) : ExchangeRefusal.upstreamRejected(reason);
        }
    }

    /**
     * The assertion {@link #tokenFor} would mint, claim by claim, for the admin dry run: nothing is
     * signed (its {@code jti} is assigned at minting) and the platform is not called. A brokered
     * upstream mints nothing: it forwards the user's stored identity provider token.
     */
    @Override
    public Map<String, Object> previewClaims(KeycloakSession session, RealmModel realm, String realmIssuer, DelegationGrant grant) {
        UpstreamSettings settings = settings();
        Map<String, Object> claims = new LinkedHashMap<>();
        if (!settings.subjectToken().isMinted()) {
            claims.put("subject_token", settings.subjectToken().describe());
            return claims;
        }
        String scope = grant.allowedScopes().isEmpty() ? null : grant.allowedScopes().toString();
        String subject;
        try {
            subject = SubjectMapping.subjectFor(grant.user(), settings);
        } catch (UpstreamFailure unmappable) {
            throw ExchangeRefusal.upstreamRejected(component.getName() + ": " + PlatformReason.sanitise(unmappable.getMessage()));
        }
        UpstreamCall call = new UpstreamCall(session, realm, settings, grant, subject, scope,
                GrantLifetime.until(grant.expiresAt(), UpstreamClock.KEYCLOAK),
                new UpstreamHttp(session, settings.connectTimeoutMs(), settings.readTimeoutMs()));
        long issuedAt = org.keycloak.common.util.Time.currentTime();
        claims.put("iss", realmIssuer);
        claims.put("sub", subject);
        claims.put("aud", settings.assertionAudience());
        claims.put("act", grant.actorChain().toActClaim());
        claims.put("iat", issuedAt);
        claims.put("exp", Math.min(issuedAt + settings.assertionLifetime(), grant.expiresAt()));
        claims.put("client_id", grant.client().getClientId());
        platform.create(session, component).platformClaims(call).forEach(claims::putIfAbsent);
        return claims;
    }

    private UpstreamToken tokenFor(FlowRequest request, UpstreamSettings settings, String scope, GrantLifetime grantLifetime) {
        DelegationGrant grant = request.grant();
        String sessionKey = grant.subjectToken().getSessionId() == null ? "" : grant.subjectToken().getSessionId();
        UpstreamTokenCache.Key key = new UpstreamTokenCache.Key(request.realm().getId(), grant.user().getId(),
                ActorChainKey.of(grant.actorChain()), component.getId(), ConfigFingerprint.of(component), scope);
        // Brokered: no cache, so every exchange reads the link (a revoked corporate grant stops the next one).
        boolean useCache = settings.cacheEnabled() && settings.subjectToken().isMinted();
        if (useCache) {
            UpstreamToken cached = cache.get(key, sessionKey);
            if (cached != null) {
                request.record().detail(UpstreamDetails.CACHE, "hit").detail(UpstreamDetails.OUTCOME, "cached");
                return cached;
            }
            request.record().detail(UpstreamDetails.CACHE, "miss");
        }
        UpstreamProvider provider = platform.create(request.session(), component);
        UpstreamCall call = new UpstreamCall(request.session(), request.realm(), settings, grant,
                SubjectMapping.subjectFor(grant.user(), settings), scope, grantLifetime,
                new UpstreamHttp(request.session(), settings.connectTimeoutMs(), settings.readTimeoutMs()));
        request.record().detail(SUBJECT_SOURCE_DETAIL, settings.subjectToken().describe());
        MintedAssertion assertion = settings.subjectToken().isMinted()
                ? AssertionMinter.mint(request.session(), request.realm(), new AssertionClaims(
                        request.realmIssuer(), call.subject(), settings.assertionAudience(), grant.actorChain().toActClaim(),
                        grant.client().getClientId(), provider.platformClaims(call), settings.assertionLifetime(), grant.expiresAt()),
                        settings.algorithm())
                : BrokeredSubject.of(request, settings);
        request.record().detail(ASSERTION_ID_DETAIL, assertion.jti());
        long calledAt = System.nanoTime();
        UpstreamToken token;
        try {
            token = provider.redeem(call, assertion);
        } finally {
            request.record().detail(UpstreamDetails.LATENCY, String.valueOf((System.nanoTime() - calledAt) / 1_000_000));
        }
        request.record().detail(UpstreamDetails.OUTCOME, "issued");
        if (token.expiresIn() <= 0) {
            throw UpstreamFailure.rejected("the platform issued a token that is already expired");
        }
        if (useCache) {
            Set<String> actors = new LinkedHashSet<>(grant.actorChain().subjects());
            cache.put(key, token.withExpiresIn(Math.min(token.expiresIn(), settings.maxExpiresIn())), sessionKey, actors);
        }
        return token;
    }

    private UpstreamSettings settings() {
        try {
            return parsedSettings.of(component, platform);
        } catch (RuntimeException e) {
            // Validated on save; a component that no longer validates is refused, not guessed at.
            throw ExchangeRefusal.temporarilyUnavailable(component.getName() + ": upstream is misconfigured");
        }
    }

    private static Map<String, Object> responseBody(UpstreamToken token, String requestedScope) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("issued_token_type", token.issuedTokenType());
        body.put("token_type", token.tokenType());
        body.put("expires_in", token.expiresIn());
        if (token.scope() != null) {
            body.put("scope", token.scope());
        } else if (requestedScope != null) {
            body.put("scope", requestedScope);
        }
        token.extraMembers().forEach(body::putIfAbsent);
        return body;
    }
}
