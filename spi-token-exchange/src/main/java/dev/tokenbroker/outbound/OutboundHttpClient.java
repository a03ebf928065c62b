package dev.tokenbroker.outbound;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcherLoader;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.ssl.SSLContexts;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/**
 * The node's one pooled HTTP client for every call the broker makes to another service (data
 * platforms' token endpoints, policy engines): created on first use, closed when the server stops.
 * Everything that leaves Keycloak with a user's credential or facts about her goes through it, so the
 * destination rules of {@link OutboundUrlPolicy} hold for all of it.
 *
 * <p>Why not Keycloak's {@code HttpClientProvider} / {@code SimpleHttp}: their shared client resolves
 * host names itself when it connects and takes no resolver per call, so a destination check before the
 * call would resolve the name once and the client again, and a name whose answer changes in between
 * (DNS rebinding) would pass the check and connect elsewhere. Pointing that client at the checked IP
 * instead would break TLS: Apache HttpClient 4.5 verifies the certificate and sends SNI for the host it
 * connects to. Here resolution is the check ({@link DestinationResolver}) and connections go to exactly
 * the addresses it returned; plain http connects only to loopback ({@link LoopbackOnlyPlainSockets}).
 *
 * <p>Kept from Keycloak's client: its truststore ({@link TruststoreProvider}, else the JVM's, as
 * Keycloak's own client falls back), default hostname verification, no cookies (one user's platform
 * cookies must not ride along with another's exchange). Stricter: hostname verification stays on
 * whatever {@code --tls-hostname-verifier} says, since the request carries a user's credential; no
 * redirects; no automatic retries (a token exchange is not idempotent). Not kept: Keycloak's proxy
 * settings ({@code proxy-mappings}, {@code HTTPS_PROXY}): a proxy resolves the name itself, so the
 * checked address could not be held to; platform calls connect directly.
 */
public final class OutboundHttpClient {

    /** Keycloak's own client pools as many (connection-pool-size, max-pooled-per-route). */
    static final int MAX_CONNECTIONS = 128;
    static final int MAX_CONNECTIONS_PER_PLATFORM = 64;
    /** A pooled connection is replaced, and its host resolved and judged again, at least this often. */
    static final long CONNECTION_TTL_SECONDS = 60;
    static final long IDLE_EVICTION_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(OutboundHttpClient.class);
    private static final Object LOCK = new Object();
    private static volatile CloseableHttpClient node;

    private OutboundHttpClient() {
    }

    /** The node's client, built on first use with the session's truststore. */
    public static CloseableHttpClient forNode(KeycloakSession session) {
        CloseableHttpClient client = node;
        if (client == null) {
            synchronized (LOCK) {
                if (node == null) {
                    node = build(trustOf(session.getProvider(TruststoreProvider.class)), HostResolver.SYSTEM);
                }
                client = node;
            }
        }
        return client;
    }

    /** Closes the node's client (pooled connections and the idle-eviction thread); the next call builds a new one. */
    public static void closeNode() {
        synchronized (LOCK) {
            if (node != null) {
                try {
                    node.close();
                } catch (IOException e) {
                    LOG.debugf("closing the upstream HTTP client: %s", e.getMessage());
                }
                node = null;
            }
        }
    }

    /** A client that connects only where {@code names}' answers, judged, allow, trusting what {@code trust} trusts. */
    public static CloseableHttpClient build(SSLContext trust, HostResolver names) {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", new LoopbackOnlyPlainSockets())
                        .register("https", new SSLConnectionSocketFactory(trust, new DefaultHostnameVerifier(PublicSuffixMatcherLoader.getDefault())))
                        .build(),
                null, null, new DestinationResolver(names), CONNECTION_TTL_SECONDS, TimeUnit.SECONDS);
        connections.setMaxTotal(MAX_CONNECTIONS);
        connections.setDefaultMaxPerRoute(MAX_CONNECTIONS_PER_PLATFORM);
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // answers are small; the size limit then counts what was sent
                .evictExpiredConnections()
                .evictIdleConnections(IDLE_EVICTION_SECONDS, TimeUnit.SECONDS)
                .build();
    }

    /** Trust as Keycloak's own client trusts: the configured truststore, else the JVM's default. */
    public static SSLContext trustOf(TruststoreProvider truststore) {
        KeyStore store = truststore == null ? null : truststore.getTruststore();
        try {
            return store == null ? SSLContexts.createDefault() : SSLContexts.custom().loadTrustMaterial(store, null).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use Keycloak's truststore for upstream calls", e);
        }
    }
}
