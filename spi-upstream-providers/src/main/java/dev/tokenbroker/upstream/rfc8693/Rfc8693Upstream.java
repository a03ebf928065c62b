package dev.tokenbroker.upstream.rfc8693;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.keycloak.OAuth2Constants;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * A token exchange at any RFC 8693 server; its §2.2.1 answer is passed on, its §2.2.2 errors become reasons.
 *
 * <p>Lifetime: RFC 8693 has no lifetime parameter, so none is sent; the subject token (our assertion)
 * ends no later than the grant, which a server that bounds its tokens by the subject token's life
 * honours. Should the server issue longer, the flow caps {@code expires_in} and notes it.
 */
final class Rfc8693Upstream implements UpstreamProvider {

    /** Parameters the exchange sets itself; extra parameters may not override them. */
    static final Set<String> RESERVED = Set.of(OAuth2Constants.GRANT_TYPE, OAuth2Constants.SUBJECT_TOKEN,
            OAuth2Constants.SUBJECT_TOKEN_TYPE, OAuth2Constants.SCOPE, OAuth2Constants.AUDIENCE, OAuth2Constants.RESOURCE,
            OAuth2Constants.REQUESTED_TOKEN_TYPE, OAuth2Constants.CLIENT_ID, OAuth2Constants.CLIENT_SECRET,
            OAuth2Constants.CLIENT_ASSERTION, OAuth2Constants.CLIENT_ASSERTION_TYPE);
    /** private_key_jwt assertions (RFC 7523 §3) are single-use proofs: one minute is plenty. */
    private static final int CLIENT_ASSERTION_LIFETIME = 60;

    private final ClientAuth auth;
    private final String clientId;
    private final String clientSecret;
    /** As configured; {@code null}: the type of the token sent (minted JWT, forwarded ID or access token). */
    private final String subjectTokenType;
    private final String audience;
    private final String resource;
    private final String requestedTokenType;
    private final Map<String, String> extraParams;

    Rfc8693Upstream(ClientAuth auth, String clientId, String clientSecret, String subjectTokenType, String audience,
                    String resource, String requestedTokenType, Map<String, String> extraParams) {
        this.auth = auth;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.subjectTokenType = subjectTokenType;
        this.audience = audience;
        this.resource = resource;
        this.requestedTokenType = requestedTokenType;
        this.extraParams = extraParams;
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        TokenExchangeRequest request = TokenExchangeRequest.forSubject(assertion.jwt(),
                        subjectTokenType == null ? assertion.tokenType() : subjectTokenType)
                .scope(call.scope()).audience(audience).resource(resource).requestedTokenType(requestedTokenType);
        extraParams.forEach(request::param);
        switch (auth) {
            case CLIENT_SECRET_BASIC -> request.header("Authorization", basic(call));
            case PRIVATE_KEY_JWT -> request.clientId(clientId)
                    .param(OAuth2Constants.CLIENT_ASSERTION_TYPE, OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT)
                    .param(OAuth2Constants.CLIENT_ASSERTION, clientAssertion(call));
            case NONE -> request.clientId(clientId);
        }
        TokenExchangeAnswer answer = request.post(call.http(), call.settings().tokenEndpoint(), "");
        // expires_in is only RECOMMENDED; without it, the token may not outlive our own assertion.
        long expiresIn = answer.expiresIn().orElse(assertion.expiresAt() - UpstreamClock.KEYCLOAK.nowSeconds());
        return new UpstreamToken(answer.accessToken(),
                answer.issuedTokenType() == null ? OAuth2Constants.ACCESS_TOKEN_TYPE : answer.issuedTokenType(),
                answer.tokenType() == null ? "Bearer" : answer.tokenType(), expiresIn, answer.scopeOr(call.scope()), Map.of());
    }

    private String basic(UpstreamCall call) {
        try (VaultStringSecret secret = call.session().vault().getStringSecret(clientSecret)) {
            String value = secret.get().orElse(clientSecret);
            String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String clientAssertion(UpstreamCall call) {
        String algorithm = call.settings().algorithm();
        KeyWrapper key = call.session().keys().getActiveKey(call.realm(), KeyUse.SIG, algorithm);
        if (key == null) {
            throw UpstreamFailure.unavailable("the realm has no active " + algorithm + " signing key", null);
        }
        long now = UpstreamClock.KEYCLOAK.nowSeconds();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", call.settings().tokenEndpoint().toString());
        claims.put("iat", now);
        claims.put("exp", now + CLIENT_ASSERTION_LIFETIME);
        claims.put("jti", KeycloakModelUtils.generateId());
        return new JWSBuilder().type("JWT").jsonContent(claims)
                .sign(call.session().getProvider(SignatureProvider.class, algorithm).signer(key));
    }
}
