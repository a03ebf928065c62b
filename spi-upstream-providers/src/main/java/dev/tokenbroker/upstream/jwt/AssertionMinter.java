package dev.tokenbroker.upstream.jwt;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * Mints the short-lived assertion a platform's STS redeems: {@code iss sub aud act iat exp jti
 * client_id} plus the platform's own claims, signed with the realm's active key for the configured
 * algorithm, so the platform verifies it through the realm's published JWKS ({@code kid} in the header).
 * Nothing else about the user goes in.
 */
public final class AssertionMinter {

    private AssertionMinter() {
    }

    public static MintedAssertion mint(KeycloakSession session, RealmModel realm, AssertionClaims claims, String algorithm) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, algorithm);
        SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
        if (key == null || provider == null) {
            throw UpstreamFailure.unavailable("the realm has no active " + algorithm + " signing key", null);
        }
        long issuedAt = Time.currentTime();
        long expiresAt = Math.min(issuedAt + claims.lifetimeSeconds(), claims.notAfter());
        if (expiresAt <= issuedAt) {
            throw UpstreamFailure.notMappable("the subject token expires too soon to mint an assertion");
        }
        String jti = KeycloakModelUtils.generateId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("iss", claims.issuer());
        body.put("sub", claims.subject());
        body.put("aud", claims.audience());
        if (claims.act() != null) {
            body.put("act", claims.act());
        }
        body.put("iat", issuedAt);
        body.put("exp", expiresAt);
        body.put("jti", jti);
        body.put("client_id", claims.clientId());
        claims.platformClaims().forEach(body::putIfAbsent);
        SignatureSignerContext signer = provider.signer(key);
        String jwt = new JWSBuilder().type("JWT").jsonContent(body).sign(signer);
        return new MintedAssertion(jwt, jti, issuedAt, expiresAt, OAuth2Constants.JWT_TOKEN_TYPE);
    }

    /**
     * The signed assertion (or, in brokered exchange, the forwarded IdP token) and the facts about it worth
     * auditing (never the token itself).
     *
     * @param tokenType what the token is, as an RFC 8693 §3 token type URI: {@code …:jwt} for a minted assertion,
     *                  {@code …:id_token} or {@code …:access_token} for a forwarded one; platforms that take a
     *                  {@code subject_token_type} choose theirs from it
     */
    public record MintedAssertion(String jwt, String jti, long issuedAt, long expiresAt, String tokenType) {
        public long lifetimeSeconds() {
            return expiresAt - issuedAt;
        }
    }

    /**
     * @param notAfter latest {@code exp} (the delegated grant's); the assertion never outlives it
     */
    public record AssertionClaims(String issuer, String subject, String audience, Map<String, Object> act,
                                  String clientId, Map<String, Object> platformClaims, int lifetimeSeconds, long notAfter) {
    }
}
