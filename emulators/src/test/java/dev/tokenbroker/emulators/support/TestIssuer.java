package dev.tokenbroker.emulators.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Keycloak realm: serves OIDC discovery and a JWKS with an RSA and an EC key on a
 * free loopback port, and mints tokens with them.
 */
public final class TestIssuer implements AutoCloseable {

    public static final String RSA_KID = "rsa-1";
    public static final String EC_KID = "ec-1";

    private final HttpServer http;
    private final String issuer;
    private final RSAKey rsaKey;
    private final ECKey ecKey;
    private final List<JWK> publishedKeys = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicBoolean available = new AtomicBoolean(true);

    private TestIssuer(String realm) throws IOException, JOSEException {
        String realmPath = "/realms/" + realm;
        rsaKey = new RSAKeyGenerator(2048).keyID(RSA_KID).keyUse(KeyUse.SIGNATURE).generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID(EC_KID).keyUse(KeyUse.SIGNATURE).generate();
        publishedKeys.add(rsaKey.toPublicJWK());
        publishedKeys.add(ecKey.toPublicJWK());
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        issuer = "http://127.0.0.1:" + http.getAddress().getPort() + realmPath;
        http.createContext(realmPath + "/.well-known/openid-configuration", this::discovery);
        http.createContext(realmPath + "/protocol/openid-connect/certs", this::jwks);
        http.start();
    }

    public static TestIssuer start() {
        return start("acme");
    }

    /** Another issuer, e.g. {@code corporate} for the corporate IdP that brokered exchange forwards tokens of. */
    public static TestIssuer start(String realm) {
        try {
            return new TestIssuer(realm);
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public URI issuerUri() {
        return URI.create(issuer);
    }

    public RSAKey rsaKey() {
        return rsaKey;
    }

    public ECKey ecKey() {
        return ecKey;
    }

    /**
     * A token with sensible defaults (iss, a random-UUID sub, jti, iat now, exp in 5 minutes), RS256 with
     * kid rsa-1. Set the audience, and for a demo user {@code subject(address)}.
     */
    public TokenBuilder token() {
        return new TokenBuilder(this);
    }

    /** Publishes another key, as after a key rotation. */
    public void publish(JWK publicKey) {
        publishedKeys.add(publicKey.toPublicJWK());
    }

    /** While false, discovery and JWKS answer 503 (the issuer is "not up yet"). */
    public void available(boolean up) {
        available.set(up);
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String body = """
                {"issuer":"%s","jwks_uri":"%s/protocol/openid-connect/certs",
                 "token_endpoint":"%s/protocol/openid-connect/token",
                 "response_types_supported":["code"],"id_token_signing_alg_values_supported":["RS256","ES256"]}
                """.formatted(issuer, issuer, issuer);
        answer(exchange, body);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksRequests.incrementAndGet();
        answer(exchange, new JWKSet(List.copyOf(publishedKeys)).toString(true));
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        try (exchange) {
            if (!available.get()) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
