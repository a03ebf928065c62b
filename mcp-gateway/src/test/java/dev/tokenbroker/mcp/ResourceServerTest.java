package dev.tokenbroker.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's HTTP face without Keycloak: a JWKS served from a local key stands in for the realm's,
 * so the resource server's answers (401, 403 insufficient_scope, Host and Origin) are checked on the
 * wire. Tool calls need Keycloak and are tested by the integration tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceServerTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private RSAKey key;
    private HttpServer realm;
    private GatewayServer gateway;
    private URI issuer;
    private URI resource;

    @BeforeAll
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        realm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        realm.createContext("/realms/acme/protocol/openid-connect/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        realm.start();
        issuer = URI.create("http://127.0.0.1:" + realm.getAddress().getPort() + "/realms/acme");
        int port = freePort();
        resource = URI.create("http://localhost:" + port + "/mcp");
        gateway = GatewayServer.start(new GatewayConfig("127.0.0.1", port, resource, issuer, "mcp-gateway", "s",
                URI.create("http://127.0.0.1:1"), "w", URI.create("http://127.0.0.1:1/userinfo"), List.of("http://localhost:6274")));
    }

    @AfterAll
    void stop() {
        gateway.close();
        realm.stop(0);
    }

    @Test
    void whenTheMetadataIsAskedForThenItNamesTheResourceAndTheRealm() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(resource.resolve(path))
                    .header("Origin", "https://any.example").build(), HttpResponse.BodyHandlers.ofString());
            JsonNode metadata = new ObjectMapper().readTree(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(metadata.get("resource").asText()).isEqualTo(resource.toString());
            assertThat(metadata.get("authorization_servers").get(0).asText()).isEqualTo(issuer.toString());
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void whenNoTokenThen401PointingAtTheMetadata() throws Exception {
        HttpResponse<String> response = post(null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata=\""
                + resource.resolve("/.well-known/oauth-protected-resource/mcp") + "\", scope=\"mcp:tools\"");
    }

    @Test
    void whenTheTokenLacksTheToolsScopeThen403InsufficientScope() throws Exception {
        HttpResponse<String> response = post(token("openid email"), null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_scope\"").contains("scope=\"mcp:tools\"");
        assertThat(new ObjectMapper().readTree(response.body()).get("error").asText()).isEqualTo("insufficient_scope");
    }

    @Test
    void whenTheTokenIsValidThenTheMcpServerAnswersInitialize() throws Exception {
        HttpResponse<String> response = post(token("openid mcp:tools"), "http://localhost:6274");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"protocolVersion\":\"2025-11-25\"", "tokenbroker-mcp-gateway");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isPresent();
    }

    @Test
    void whenAnotherUsersTokenDrivesTheSessionThen403() throws Exception {
        HttpResponse<String> opened = post(token("openid mcp:tools", "alice-id"), null);
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> hijack = http.send(HttpRequest.newBuilder(resource)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token("openid mcp:tools", "mallory-id")).header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(hijack.statusCode()).isEqualTo(403);
        assertThat(hijack.body()).contains("opened by another user or agent");
    }

    @Test
    void whenTheOriginIsNotAllowedThen403EvenWithAValidToken() throws Exception {
        assertThat(post(token("openid mcp:tools"), "http://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void whenTheClientConnectsBy127001ThenThatOriginIsTheResourcesOwn() throws Exception {
        // What the MCP conformance tool's DNS rebinding check sends when pointed at http://127.0.0.1:<port>/mcp.
        URI byAddress = URI.create("http://127.0.0.1:" + resource.getPort() + "/mcp");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(byAddress)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token("openid mcp:tools")).header("Origin", "http://127.0.0.1:" + resource.getPort())
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"protocolVersion\":\"2025-11-25\"");
    }

    private HttpResponse<String> post(String token, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(resource)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String scope) throws Exception {
        return token(scope, "alice-id");
    }

    private String token(String scope, String subject) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer.toString()).subject(subject).audience(resource.toString())
                        .issueTime(new Date(now)).expirationTime(new Date(now + 60_000)).claim("typ", "Bearer")
                        .claim("azp", "claude-desktop").claim("scope", scope).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
