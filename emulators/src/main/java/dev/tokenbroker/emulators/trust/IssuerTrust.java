package dev.tokenbroker.emulators.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signing keys of one OIDC issuer, as the real platforms obtain them: discovery document first,
 * then its {@code jwks_uri}.
 *
 * <p>Fetched lazily on first use because in local runs the issuer (Keycloak) may start after the
 * emulators. A failed fetch is not cached, so the next request tries again. An unknown {@code kid}
 * triggers exactly one refetch, which is how key rotation is picked up. Keys come only from here:
 * {@code jku}, {@code x5u} and embedded {@code jwk} headers of a token are never followed.
 */
public final class IssuerTrust {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Discovery documents and JWKS are a few KB; anything far larger is not an honest issuer. */
    static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final HttpClient http;
    private final AtomicInteger fetches = new AtomicInteger();
    private JWKSet keys;

    IssuerTrust(String issuer, HttpClient http) {
        this.issuer = issuer;
        this.http = http;
    }

    public String issuer() {
        return issuer;
    }

    /** How many times discovery + JWKS were fetched; lets tests prove caching and the single refetch. */
    public int fetches() {
        return fetches.get();
    }

    /** Resolves a signing key by id, refetching the JWKS once if the id is unknown. */
    public synchronized JWK key(String kid) throws TokenRejectedException {
        if (keys == null) {
            keys = fetchKeys();
        }
        JWK key = keys.getKeyByKeyId(kid);
        if (key == null) {
            keys = fetchKeys();
            key = keys.getKeyByKeyId(kid);
        }
        if (key == null) {
            throw new TokenRejectedException(Rejection.UNKNOWN_KID,
                    "No key with kid '" + kid + "' in the JWKS of " + issuer);
        }
        return key;
    }

    /** Drops cached keys, as after an issuer restart with new keys. */
    public synchronized void forget() {
        keys = null;
    }

    private JWKSet fetchKeys() throws TokenRejectedException {
        fetches.incrementAndGet();
        URI discovery = URI.create(stripTrailingSlash(issuer) + "/.well-known/openid-configuration");
        JsonNode document = readJson(discovery);
        // OIDC Discovery §4.3: the document's issuer must be the one we asked about.
        if (!issuer.equals(document.path("issuer").asText())) {
            throw unreachable("discovery document of " + issuer + " names issuer '"
                    + document.path("issuer").asText() + "'");
        }
        String jwksUri = document.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            throw unreachable("discovery document of " + issuer + " has no jwks_uri");
        }
        try {
            return JWKSet.parse(new String(read(URI.create(jwksUri)), java.nio.charset.StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw unreachable("JWKS of " + issuer + " is not a valid JWK set: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw unreachable("jwks_uri of " + issuer + " is not a URI");
        }
    }

    private JsonNode readJson(URI uri) throws TokenRejectedException {
        try {
            JsonNode node = JSON.readTree(read(uri));
            if (node == null || !node.isObject()) {
                throw unreachable(uri + " did not return a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw unreachable(uri + " did not return JSON");
        }
    }

    private byte[] read(URI uri) throws TokenRejectedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw unreachable(uri + " answered HTTP " + response.statusCode());
                }
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    throw unreachable(uri + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw unreachable(uri + " could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(uri + " fetch interrupted");
        }
    }

    private static TokenRejectedException unreachable(String message) {
        return new TokenRejectedException(Rejection.ISSUER_UNREACHABLE, message);
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
