package dev.tokenbroker.upstream.gcp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.lifetime.LifetimeRequest;
import dev.tokenbroker.upstream.rfc8693.TokenExchangeAnswer;
import dev.tokenbroker.upstream.rfc8693.TokenExchangeRequest;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * STS exchange for a federated access token, then optionally generateAccessToken for a service account.
 *
 * <p>Lifetime: STS takes no lifetime parameter (its federated token lives about an hour); the
 * impersonated token's {@code lifetime} is the configured one shortened to what the grant has left.
 * Google documents a default and maximum of one hour (twelve with an organisation policy) and no
 * minimum, so at least one second is asked for.
 */
final class GcpStsUpstream implements UpstreamProvider {

    static final String STS_STEP = "sts";
    static final long MIN_LIFETIME_SECONDS = 1;
    /** With constraints/iam.allowServiceAccountCredentialLifetimeExtension; one hour without. */
    static final long MAX_LIFETIME_SECONDS = 43200;

    private final String poolProvider;
    private final String serviceAccount;
    private final URI iamCredentials;
    private final int impersonationLifetime;
    /** Workforce pools: the project billed for the token, sent as STS {@code options.userProject}; else {@code null}. */
    private final String userProject;

    GcpStsUpstream(String poolProvider, String serviceAccount, URI iamCredentials, int impersonationLifetime,
                   String userProject) {
        this.poolProvider = poolProvider;
        this.userProject = userProject;
        this.serviceAccount = serviceAccount;
        this.iamCredentials = iamCredentials;
        this.impersonationLifetime = impersonationLifetime;
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        TokenExchangeRequest request = TokenExchangeRequest.forSubject(assertion.jwt(), subjectTokenType(assertion))
                .audience(poolProvider)
                .scope(call.scope())
                .requestedTokenType(OAuth2Constants.ACCESS_TOKEN_TYPE);
        if (userProject != null) {
            request.param("options", json(Map.of("userProject", userProject)));
        }
        TokenExchangeAnswer federated = request.post(call.http(), call.settings().tokenEndpoint(), STS_STEP);
        long expiresIn = federated.requiredExpiresIn();
        if (serviceAccount == null) {
            return UpstreamToken.bearer(federated.accessToken(), OAuth2Constants.ACCESS_TOKEN_TYPE, expiresIn, call.scope());
        }
        return impersonate(call, federated.accessToken());
    }

    /**
     * STS takes an external OIDC JWT as {@code …:jwt} or {@code …:id_token} ({@code …:access_token} means a
     * Google-issued token there): a forwarded ID token says so, anything else (the minted assertion, a
     * forwarded access token that is a JWT) goes as a JWT.
     */
    static String subjectTokenType(MintedAssertion assertion) {
        return OAuth2Constants.ID_TOKEN_TYPE.equals(assertion.tokenType()) ? OAuth2Constants.ID_TOKEN_TYPE
                : OAuth2Constants.JWT_TOKEN_TYPE;
    }

    private UpstreamToken impersonate(UpstreamCall call, String federatedToken) {
        LifetimeRequest lifetime = call.lifetime().request(GcpStsUpstreamFactory.PROVIDER_ID, impersonationLifetime,
                MIN_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS);
        String base = iamCredentials.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/v1/projects/-/serviceAccounts/"
                + URLEncoder.encode(serviceAccount, StandardCharsets.UTF_8) + ":generateAccessToken");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("scope", List.of(call.scope().split("\\s+")));
        request.put("lifetime", lifetime.seconds() + "s");
        GenerateAccessTokenAnswer answer = GenerateAccessTokenAnswer.parse(
                call.http().postJson(uri, json(request), Map.of("Authorization", "Bearer " + federatedToken)), UpstreamClock.KEYCLOAK);
        return UpstreamToken.bearer(answer.accessToken(), OAuth2Constants.ACCESS_TOKEN_TYPE, answer.expiresIn(), call.scope())
                .withLifetimeRequest(lifetime);
    }

    private static String json(Map<String, Object> request) {
        try {
            return JsonSerialization.writeValueAsString(request);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
