package dev.tokenbroker.upstream.rfc8693;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

import dev.tokenbroker.upstream.UpstreamCall;
import dev.tokenbroker.upstream.UpstreamFailure;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamToken;
import dev.tokenbroker.upstream.http.JsonBodies;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;

/** A token exchange at any RFC 8693 server; its §2.2.1 answer is passed on, its §2.2.2 errors become reasons. */
final class Rfc8693Upstream implements UpstreamProvider {

    static final Set<String> RESERVED = Set.of("grant_type", "subject_token", "subject_token_type", "scope", "audience",
            "resource", "requested_token_type", "client_id", "client_secret", "client_assertion", "client_assertion_type");
    /** private_key_jwt assertions (RFC 7523 §3) are single-use proofs: one minute is plenty. */
    private static final int CLIENT_ASSERTION_LIFETIME = 60;

    private final ClientAuth auth;
    private final String clientId;
    private final String clientSecret;
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
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", assertion.jwt());
        form.put("subject_token_type", subjectTokenType);
        form.put("scope", call.scope());
        form.put("audience", audience);
        form.put("resource", resource);
        form.put("requested_token_type", requestedTokenType);
        form.putAll(extraParams);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (auth) {
            case CLIENT_SECRET_BASIC -> headers.put("Authorization", basic(call));
            case PRIVATE_KEY_JWT -> {
                form.put("client_id", clientId);
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", clientAssertion(call));
            }
            case NONE -> form.put("client_id", clientId);
        }
        UpstreamResponse response = call.http().postForm(call.settings().tokenEndpoint(), form, headers);
        JsonBodies.requireSuccess(response);
        JsonNode body = JsonBodies.object(response);
        String token = JsonBodies.requiredText(body, "access_token", response);
        String issuedType = body.path("issued_token_type").isTextual() ? body.path("issued_token_type").asText() : UpstreamToken.ACCESS_TOKEN_TYPE;
        String tokenType = body.path("token_type").isTextual() ? body.path("token_type").asText() : "Bearer";
        long expiresIn = body.path("expires_in").asLong(0);
        if (expiresIn <= 0) {
            // expires_in is only RECOMMENDED; without it, the token may not outlive our own assertion.
            expiresIn = assertion.lifetimeSeconds();
        }
        String scope = body.path("scope").isTextual() ? body.path("scope").asText() : call.scope();
        return new UpstreamToken(token, issuedType, tokenType, expiresIn, scope, Map.of());
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
        long now = Time.currentTime();
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
