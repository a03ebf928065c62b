package dev.tokenbroker.mcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private static final URI ISSUER = URI.create("http://localhost:8080/realms/acme");
    private static final URI RESOURCE = URI.create("http://localhost:8095/mcp");
    private static final RSAKey REALM_KEY = generate("realm");
    private static final RSAKey FOREIGN_KEY = generate("realm");

    private final AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER,
            new ImmutableJWKSet<>(new JWKSet(REALM_KEY.toPublicJWK())), RESOURCE);

    @Test
    void whenSignedByTheRealmForThisResourceThenVerified() throws Exception {
        VerifiedToken token = verifier.verify(sign(REALM_KEY, claims().build()));

        assertThat(token.subject()).isEqualTo("alice-id");
        assertThat(token.username()).isEqualTo("alice");
        assertThat(token.agent()).isEqualTo("claude-desktop");
        assertThat(token.scopes()).containsExactlyInAnyOrder("openid", "mcp:tools");
        assertThat(token.toString()).doesNotContain("eyJ");
    }

    @Test
    void whenAddressedToAnotherAudienceThenInvalidToken() {
        assertRefused(sign(REALM_KEY, claims().audience(List.of("mcp-gateway", "http://localhost:8095/other")).build()),
                "not addressed to this resource");
    }

    @Test
    void whenIssuedByAnotherRealmThenInvalidToken() {
        assertRefused(sign(REALM_KEY, claims().issuer("http://localhost:8080/realms/other").build()),
                "not issued by the expected authorization server");
    }

    @Test
    void whenExpiredThenInvalidToken() {
        assertRefused(sign(REALM_KEY, claims().expirationTime(new Date(System.currentTimeMillis() - 120_000)).build()),
                "expired");
    }

    @Test
    void whenSignedByAForeignKeyWithTheRealmsKidThenInvalidToken() {
        assertRefused(sign(FOREIGN_KEY, claims().build()), "signature or claims are invalid");
    }

    @Test
    void whenHmacSignedThenInvalidToken() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("realm").build(), claims().build());
        jwt.sign(new MACSigner(new byte[32]));

        assertRefused(jwt.serialize(), "signature or claims are invalid");
    }

    @Test
    void whenARefreshTokenOfTheRealmThenInvalidToken() {
        assertRefused(sign(REALM_KEY, claims().claim("typ", "Refresh").build()), "not an access token");
    }

    @Test
    void whenNotAJwtThenInvalidToken() {
        assertRefused("opaque-token", "not a JWT");
    }

    private void assertRefused(String token, String description) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AccessTokenVerifier.InvalidToken.class)
                .hasMessageContaining(description);
    }

    private static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(ISSUER.toString()).subject("alice-id")
                .audience(List.of("mcp-gateway", RESOURCE.toString())).issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000)).claim("typ", "Bearer").claim("azp", "claude-desktop")
                .claim("preferred_username", "alice").claim("scope", "openid mcp:tools");
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
