package dev.tokenbroker.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.ssl.SSLContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.outbound.OutboundHttpClient;
import dev.tokenbroker.outbound.ScriptedNames;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * The call as it leaves the node, against a platform on loopback reached under names only the
 * scripted resolver knows: the connection goes to the address the check returned, never to a second
 * lookup's.
 */
class UpstreamHttpTest {

    private final ScriptedNames names = new ScriptedNames();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer platform;
    private CloseableHttpClient client;
    private UpstreamHttp http;
    private volatile Reply reply = (exchange) -> answer(exchange, 200, "{\"access_token\":\"t\"}");

    interface Reply {
        void to(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            reply.to(exchange);
        });
        platform.start();
        client = OutboundHttpClient.build(SSLContexts.createDefault(), names);
        http = new UpstreamHttp(client, 1000, 1000);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        platform.stop(0);
    }

    @Test
    void whenTheNameResolvesToLoopbackThenTheCallGoesToTheCheckedAddressAfterOneLookup() {
        names.answer("platform.test", "127.0.0.1").answer("platform.test", "169.254.169.254");

        UpstreamResponse response = http.postForm(at("platform.test"), Map.of("grant_type", "x"), Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(1);
        assertThat(names.lookups()).as("no second lookup that could answer differently").isEqualTo(1);
    }

    @Test
    void whenTheNameResolvesToMetadataForTheNextConnectionThenThatCallIsRefused() {
        reply = exchange -> {
            exchange.getResponseHeaders().set("Connection", "close"); // no pooled connection: the next call connects anew
            answer(exchange, 200, "{}");
        };
        names.answer("rebind.test", "127.0.0.1").answer("rebind.test", "169.254.169.254");
        http.postForm(at("rebind.test"), Map.of(), Map.of());

        assertThatThrownBy(() -> http.postForm(at("rebind.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class)
                .hasMessageStartingWith("destination refused: host rebind.test resolves to 169.254.169.254");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void whenTheNameResolvesToGoodAndBadAddressesThenNothingIsConnected() {
        names.answer("mixed.test", "127.0.0.1", "fe80::1");

        assertThatThrownBy(() -> http.postForm(at("mixed.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class).hasMessageContaining("fe80:0:0:0:0:0:0:1, a link-local address");
        assertThat(requests.get()).isZero();
    }

    @Test
    void whenPlainHttpResolvesToARemoteAddressThenRefusedBeforeConnecting() {
        names.answer("remote.test", "192.0.2.1");

        assertThatThrownBy(() -> http.postForm(at("remote.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class)
                .hasMessage("destination refused: host remote.test resolves to 192.0.2.1, not a loopback address: plain http goes only to loopback, use https");
    }

    @Test
    void whenTheUrlNamesAMetadataAddressThenRefusedWithoutALookup() {
        assertThatThrownBy(() -> http.postForm(URI.create("http://2852039166/latest/meta-data/"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class).hasMessageStartingWith("destination refused: host 2852039166 is 169.254.169.254");
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenTheNameDoesNotResolveThenUnreachable() {
        assertThatThrownBy(() -> http.postForm(at("nowhere.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class).hasMessage("unreachable (nowhere.test does not resolve)");
    }

    @Test
    void whenThePlatformRedirectsThenTheRedirectIsNotFollowed() {
        names.answer("platform.test", "127.0.0.1");
        reply = exchange -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
            answer(exchange, 307, "");
        };

        assertThat(http.postForm(at("platform.test"), Map.of(), Map.of()).status()).isEqualTo(307);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void whenTheAnswerIsLargerThanTheLimitThenUnavailable() {
        names.answer("platform.test", "127.0.0.1");
        reply = exchange -> answer(exchange, 200, "x".repeat(UpstreamHttp.MAX_RESPONSE_BYTES + 1));

        assertThatThrownBy(() -> http.postForm(at("platform.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class).hasMessage("answer larger than " + UpstreamHttp.MAX_RESPONSE_BYTES + " bytes");
    }

    @Test
    void whenThePlatformIsSlowerThanTheReadTimeoutThenUnavailable() {
        names.answer("platform.test", "127.0.0.1");
        reply = exchange -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        };

        assertThatThrownBy(() -> http.postForm(at("platform.test"), Map.of(), Map.of()))
                .isInstanceOf(UpstreamFailure.class).hasMessage("no answer within 1000 ms");
    }

    private URI at(String host) {
        return URI.create("http://" + host + ":" + platform.getAddress().getPort() + "/token");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
