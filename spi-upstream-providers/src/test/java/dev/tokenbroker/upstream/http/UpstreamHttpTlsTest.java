package dev.tokenbroker.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.security.auth.x500.X500Principal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.common.enums.HostnameVerificationPolicy;
import org.keycloak.truststore.TruststoreProvider;

import dev.tokenbroker.outbound.OutboundHttpClient;
import dev.tokenbroker.outbound.ScriptedNames;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * TLS as the node's client does it: Keycloak's truststore decides whom to trust, and the certificate
 * must name the host, against an https platform on loopback with a certificate for {@code platform.test}.
 */
class UpstreamHttpTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static HttpsServer platform;
    private static KeyStore platformTrust;

    private final ScriptedNames names = new ScriptedNames().answer("platform.test", "127.0.0.1").answer("alias.test", "127.0.0.1");

    @BeforeAll
    static void startHttpsPlatform(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("platform.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "platform", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=platform.test",
                "-ext", "SAN=dns:platform.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        platform = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        platform.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{}".getBytes());
            }
        });
        platform.start();
        platformTrust = KeyStore.getInstance("PKCS12");
        platformTrust.load(null, null);
        platformTrust.setCertificateEntry("platform", keys.getCertificate("platform"));
    }

    @AfterAll
    static void stop() {
        platform.stop(0);
    }

    @Test
    void whenKeycloaksTruststoreTrustsThePlatformThenTheCallSucceeds() throws IOException {
        try (CloseableHttpClient client = OutboundHttpClient.build(OutboundHttpClient.trustOf(truststore(platformTrust)), names)) {
            assertThat(new UpstreamHttp(client, 2000, 2000).postForm(at("platform.test"), Map.of(), Map.of()).status()).isEqualTo(200);
        }
    }

    @Test
    void whenThePlatformIsNotInTheTruststoreThenUnreachable() throws IOException {
        try (CloseableHttpClient client = OutboundHttpClient.build(OutboundHttpClient.trustOf(null), names)) {
            assertThatThrownBy(() -> new UpstreamHttp(client, 2000, 2000).postForm(at("platform.test"), Map.of(), Map.of()))
                    .isInstanceOf(UpstreamFailure.class).hasMessage("unreachable (SSLHandshakeException)");
        }
    }

    @Test
    void whenTheCertificateDoesNotNameTheHostThenUnreachable() throws IOException {
        try (CloseableHttpClient client = OutboundHttpClient.build(OutboundHttpClient.trustOf(truststore(platformTrust)), names)) {
            assertThatThrownBy(() -> new UpstreamHttp(client, 2000, 2000).postForm(at("alias.test"), Map.of(), Map.of()))
                    .isInstanceOf(UpstreamFailure.class).hasMessage("unreachable (SSLPeerUnverifiedException)");
        }
    }

    private static URI at(String host) {
        return URI.create("https://" + host + ":" + platform.getAddress().getPort() + "/token");
    }

    /** Keycloak's truststore SPI as configured with {@code --truststore-paths}: only the store matters here. */
    private static TruststoreProvider truststore(KeyStore store) {
        return new TruststoreProvider() {
            @Override
            public KeyStore getTruststore() {
                return store;
            }

            @Override
            public HostnameVerificationPolicy getPolicy() {
                return HostnameVerificationPolicy.ANY; // ignored: upstream calls always verify the host name
            }

            @Override
            public SSLSocketFactory getSSLSocketFactory() {
                return null;
            }

            @Override
            public Map<X500Principal, List<X509Certificate>> getRootCertificates() {
                return Map.of();
            }

            @Override
            public Map<X500Principal, List<X509Certificate>> getIntermediateCertificates() {
                return Map.of();
            }

            @Override
            public KeyStore getHttpsTruststore() {
                return store;
            }

            @Override
            public Map<X500Principal, List<X509Certificate>> getHttpsRootCertificates() {
                return Map.of();
            }

            @Override
            public Map<X500Principal, List<X509Certificate>> getHttpsIntermediateCertificates() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
