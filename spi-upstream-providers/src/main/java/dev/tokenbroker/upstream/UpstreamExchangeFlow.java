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
import org.keycloak.models.RealmModel;

import dev.tokenbroker.delegation.Actor;
import dev.tokenbroker.delegation.DelegationGrant;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.exchange.flow.ExchangeFlow;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.upstream.cache.ConfigFingerprint;
import dev.tokenbroker.upstream.cache.UpstreamTokenCache;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.jwt.AssertionMinter;
import dev.tokenbroker.upstream.jwt.AssertionMinter.AssertionClaims;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.jwt.SubjectMapping;
import dev.tokenbroker.upstream.lifetime.GrantLifetime;
import dev.tokenbroker.upstream.lifetime.IssuedLifetime;

/**
 * Federated exchange: for a delegation aimed at a configured upstream, mint a short-lived assertion
 * for the user (with the actor chain), redeem it at the platform, and answer with the platform's
 * token in an RFC 8693 response. Platform tokens are cached per (user, actor chain, upstream, scope).
 *
 * <p>Audit: the exchange event carries the upstream alias, the assertion's {@code jti} (which the
 * platform logs as the federated token's id), whether the cache answered, the lifetime asked and
 * issued ({@link IssuedLifetime}), and on failure the platform's reason. Tokens never appear in
 * events or logs.
 */
public final class UpstreamExchangeFlow implements ExchangeFlow {

    public static final String UPSTREAM_DETAIL = "upstream";
    public static final String UPSTREAM_PROVIDER_DETAIL = "upstream_provider";
    public static final String ASSERTION_ID_DETAIL = "upstream_assertion_id";
    public static final String CACHE_DETAIL = "upstream_cache";

    private static final Logger LOG = Logger.getLogger(UpstreamExchangeFlow.class);

    private final UpstreamTokenCache cache;
    private final ParsedUpstreamSettings parsedSettings;

    UpstreamExchangeFlow(UpstreamTokenCache cache, ParsedUpstreamSettings parsedSettings) {
        this.cache = cache;
        this.parsedSettings = parsedSettings;
    }

    @Override
    public boolean serves(RealmModel realm, List<String> targets) {
        return UpstreamDirectory.selectedBy(realm, targets).isPresent();
    }

    @Override
    public Response issue(FlowRequest request) {
        RealmModel realm = request.realm();
        DelegationGrant grant = request.grant();
        if (grant.targets().size() != 1) {
            throw ExchangeRefusal.invalidTarget("an upstream exchange names exactly one audience or resource");
        }
        ComponentModel component = UpstreamDirectory.selectedBy(realm, grant.targets()).orElseThrow();
        request.event().detail(UPSTREAM_DETAIL, component.getName()).detail(UPSTREAM_PROVIDER_DETAIL, component.getProviderId())
                .detail(Details.AUDIENCE, component.getName());
        UpstreamProviderFactory platform = (UpstreamProviderFactory) request.session().getKeycloakSessionFactory()
                .getProviderFactory(UpstreamProvider.class, component.getProviderId());
        UpstreamSettings settings = settingsOf(component, platform);
        String scope = platformScope(settings, request.request().scope());
        if (scope != null) {
            request.event().detail(Details.SCOPE, scope);
        }
        try {
            GrantLifetime grantLifetime = GrantLifetime.until(grant.expiresAt(), UpstreamClock.KEYCLOAK);
            UpstreamToken token = tokenFor(request, component, platform, settings, scope, grantLifetime);
            // Never tell the caller more than the platform issued, the grant allows or the upstream's cap.
            IssuedLifetime lifetime = IssuedLifetime.settle(component.getProviderId(), token.expiresIn(),
                    token.lifetimeRequest(), grantLifetime, settings.maxExpiresIn());
            lifetime.recordOn(request.event());
            return Response.ok(responseBody(token.withExpiresIn(lifetime.expiresIn()), scope), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (UpstreamFailure failure) {
            String reason = component.getName() + ": " + PlatformReason.sanitise(failure.getMessage());
            LOG.debugf("upstream %s refused or failed: %s", component.getName(), reason);
            throw failure.isTransient() ? ExchangeRefusal.temporarilyUnavailable(reason) : ExchangeRefusal.upstreamRejected(reason);
        }
    }

    private UpstreamToken tokenFor(FlowRequest request, ComponentModel component, UpstreamProviderFactory platform,
                                   UpstreamSettings settings, String scope, GrantLifetime grantLifetime) {
        DelegationGrant grant = request.grant();
        String sessionKey = grant.subjectToken().getSessionId() == null ? "" : grant.subjectToken().getSessionId();
        UpstreamTokenCache.Key key = new UpstreamTokenCache.Key(request.realm().getId(), grant.user().getId(),
                grant.actorChain().toJson(), component.getId(), ConfigFingerprint.of(component), scope);
        if (settings.cacheEnabled()) {
            UpstreamToken cached = cache.get(key, sessionKey);
            if (cached != null) {
                request.event().detail(CACHE_DETAIL, "hit");
                return cached;
            }
            request.event().detail(CACHE_DETAIL, "miss");
        }
        UpstreamProvider provider = platform.create(request.session(), component);
        UpstreamCall call = new UpstreamCall(request.session(), request.realm(), settings, grant,
                SubjectMapping.subjectFor(grant.user(), settings), scope, grantLifetime,
                new UpstreamHttp(request.session(), settings.connectTimeoutMs(), settings.readTimeoutMs()));
        MintedAssertion assertion = AssertionMinter.mint(request.session(), request.realm(), new AssertionClaims(
                request.realmIssuer(), call.subject(), settings.assertionAudience(), grant.actorChain().toActClaim(),
                grant.client().getClientId(), provider.platformClaims(call), settings.assertionLifetime(), grant.expiresAt()),
                settings.algorithm());
        request.event().detail(ASSERTION_ID_DETAIL, assertion.jti());
        UpstreamToken token = provider.redeem(call, assertion);
        if (token.expiresIn() <= 0) {
            throw UpstreamFailure.rejected("the platform issued a token that is already expired");
        }
        if (settings.cacheEnabled()) {
            Set<String> actors = new LinkedHashSet<>();
            for (Actor actor : grant.actorChain().actors()) {
                actors.add(actor.subject());
            }
            cache.put(key, token.withExpiresIn(Math.min(token.expiresIn(), settings.maxExpiresIn())), sessionKey, actors);
        }
        return token;
    }

    private UpstreamSettings settingsOf(ComponentModel component, UpstreamProviderFactory platform) {
        try {
            return parsedSettings.of(component, platform);
        } catch (RuntimeException e) {
            // Validated on save; a component that no longer validates is refused, not guessed at.
            throw ExchangeRefusal.temporarilyUnavailable(component.getName() + ": upstream is misconfigured");
        }
    }

    /** The platform scope: the request's, if the upstream allows every part of it, else the configured default. */
    private static String platformScope(UpstreamSettings settings, String requested) {
        if (requested == null) {
            return settings.defaultScope();
        }
        for (String scope : requested.trim().split("\\s+")) {
            if (!settings.allowedScopes().contains(scope)) {
                throw ExchangeRefusal.invalidScope("scope '" + scope + "' is not allowed for upstream " + settings.alias());
            }
        }
        return requested.trim();
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
