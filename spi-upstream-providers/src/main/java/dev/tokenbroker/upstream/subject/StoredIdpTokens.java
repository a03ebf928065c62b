package dev.tokenbroker.upstream.subject;

import java.time.Instant;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import dev.tokenbroker.exchange.ExchangeRecord;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamDetails;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * The user's stored token of one identity provider, for a route of the pipeline: session passthrough
 * hands it out, brokered exchange forwards it as the {@code subject_token}. Both read, refresh and
 * refuse the same way, with the same errors and audit details.
 *
 * <p>Errors: the provider missing or disabled is {@code invalid_target} (the upstream cannot be served);
 * anything about the user's link (never linked, nothing stored, expired without refresh token, refresh
 * refused) is RFC 8693 §2.2.2 {@code invalid_request} naming the link URL, since only the user can fix
 * it; the provider unreachable or failing is {@code temporarily_unavailable} (503).
 */
public final class StoredIdpTokens {

    public static final String IDENTITY_PROVIDER_DETAIL = "upstream_identity_provider";

    private static final Logger LOG = Logger.getLogger(StoredIdpTokens.class);

    private StoredIdpTokens() {
    }

    /** The realm's identity provider, enabled, or {@code invalid_target}. */
    public static IdentityProviderModel enabledProvider(KeycloakSession session, String alias, String upstream) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null || !provider.isEnabled()) {
            throw ExchangeRefusal.invalidTarget("upstream " + upstream + ": identity provider '" + alias + "' is "
                    + (provider == null ? "not configured" : "disabled"));
        }
        return provider;
    }

    /**
     * The user's current token, refreshed first when it has less than {@code minValiditySeconds} left.
     *
     * @throws ExchangeRefusal as the class describes
     */
    public static StoredTokenSource.Current current(FlowRequest request, String upstream, IdentityProviderModel provider,
                                                    int minValiditySeconds, int connectTimeoutMs, int readTimeoutMs) {
        KeycloakSession session = request.session();
        String userId = request.grant().user().getId();
        String alias = provider.getAlias();
        request.record().detail(IDENTITY_PROVIDER_DETAIL, alias);
        StoredLinks links = new StoredLinks(session.getKeycloakSessionFactory(), request.realm().getId(), userId, alias);
        UpstreamHttp http = new UpstreamHttp(session, connectTimeoutMs, readTimeoutMs);
        StoredTokenSource source = new StoredTokenSource(links,
                refreshToken -> refresh(session, provider, http, refreshToken, request.record()),
                UpstreamClock.KEYCLOAK, request.realm().getId() + '\n' + userId + '\n' + alias, connectTimeoutMs + (long) readTimeoutMs);
        try {
            StoredTokenSource.Current current = source.current(minValiditySeconds);
            request.record().detail(UpstreamDetails.CACHE, current.refreshed() ? "refreshed" : "stored");
            return current;
        } catch (LinkProblem problem) {
            throw refusalFor(problem, request, upstream, alias);
        } catch (UpstreamFailure failure) {
            request.record().detail(UpstreamDetails.OUTCOME, failure.isTransient() ? "unavailable" : "rejected");
            String reason = upstream + ": refreshing at identity provider '" + alias + "' failed: " + PlatformReason.sanitise(failure.getMessage());
            LOG.debugf("%s", reason);
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

    private static ExchangeRefusal refusalFor(LinkProblem problem, FlowRequest request, String upstream, String idp) {
        String link = linkUrl(request.realmIssuer(), request.grant().subjectToken().getIssuedFor(), idp);
        request.record().detail(UpstreamDetails.OUTCOME, "link_" + problem.kind().name().toLowerCase(Locale.ROOT));
        return switch (problem.kind()) {
            case NOT_LINKED -> ExchangeRefusal.invalidRequest("user has not linked identity provider '" + idp + "'; link it at " + link);
            case NO_STORED_TOKEN -> ExchangeRefusal.invalidRequest("no stored token for identity provider '" + idp
                    + "'; sign in through it again at " + link);
            case EXPIRED -> ExchangeRefusal.invalidRequest("the stored token of identity provider '" + idp
                    + "' expired and cannot be refreshed; sign in through it again at " + link);
            case REFRESH_REFUSED -> ExchangeRefusal.invalidRequest("identity provider '" + idp + "' refused to refresh the stored token at "
                    + Instant.ofEpochSecond(problem.at()) + " (" + PlatformReason.sanitise(problem.getMessage())
                    + "): the grant was revoked; link it again at " + link);
            case BUSY -> ExchangeRefusal.temporarilyUnavailable("upstream " + upstream
                    + ": the stored token is being refreshed by another request; retry");
        };
    }

    /**
     * Keycloak's application-initiated action to link a provider, for the client the user signed in to;
     * the caller adds {@code redirect_uri}, {@code state} and PKCE as for any authorization request.
     */
    public static String linkUrl(String realmIssuer, String clientId, String idpAlias) {
        return realmIssuer + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
                + java.net.URLEncoder.encode(clientId == null ? "" : clientId, java.nio.charset.StandardCharsets.UTF_8)
                + "&kc_action=idp_link:" + idpAlias; // aliases are URL-safe (letters, digits, '-', '_', '.')
    }
}
