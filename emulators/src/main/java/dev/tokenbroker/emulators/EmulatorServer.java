package dev.tokenbroker.emulators;

import com.sun.net.httpserver.HttpServer;
import dev.tokenbroker.emulators.aws.AwsStsEmulator;
import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.emulators.gcp.GcpStsEmulator;
import dev.tokenbroker.emulators.github.GitHubEmulator;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.opa.OpaConfig;
import dev.tokenbroker.emulators.opa.OpaEmulator;
import dev.tokenbroker.emulators.recording.RequestLog;
import dev.tokenbroker.emulators.rfc8693.PartnerStsEmulator;
import dev.tokenbroker.emulators.snowflake.SnowflakeEmulator;
import dev.tokenbroker.emulators.trust.IssuerTrusts;
import dev.tokenbroker.emulators.trust.JwtValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All five platform emulators behind one JDK HTTP server, one context path each.
 *
 * <pre>{@code
 * try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(issuer))) {
 *     URI sts = server.awsSts().endpoint();
 *     ...
 *     assertThat(server.awsSts().lastReceived().error()).isEqualTo("AccessDenied");
 * }
 * }</pre>
 */
public final class EmulatorServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately with Nagle's algorithm on; the body then
        // waits for the delayed ACK of the headers (~40 ms a call). Real token endpoints don't do that,
        // and every test and benchmark calling an emulator would measure the fixture, not Keycloak.
        // Must be set before the JDK's server configuration class loads, i.e. before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Loopback on a free port: what tests want. */
    public static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final HttpServer http;
    private final ExecutorService executor;
    private final URI baseUri;
    private final IssuerTrusts issuerTrusts;
    private final DatabricksEmulator databricks;
    private final AwsStsEmulator awsSts;
    private final GcpStsEmulator gcpSts;
    private final SnowflakeEmulator snowflake;
    private final PartnerStsEmulator rfc8693;
    private final OpaEmulator opa;
    private final GitHubEmulator github;

    private EmulatorServer(EmulatorConfig config, InetSocketAddress bind, Clock clock, RequestLog log) throws IOException {
        this.http = HttpServer.create(bind, 64);
        this.baseUri = baseUriOf(http.getAddress());
        this.issuerTrusts = new IssuerTrusts();
        JwtValidator validator = new JwtValidator(issuerTrusts, clock);
        this.databricks = new DatabricksEmulator(config.databricks(), validator, baseUri, clock, log);
        this.awsSts = new AwsStsEmulator(config.awsSts(), validator, baseUri, clock, log);
        this.gcpSts = new GcpStsEmulator(config.gcpSts(), validator, baseUri, clock, log);
        this.snowflake = new SnowflakeEmulator(config.snowflake(), validator, baseUri, clock, log);
        this.rfc8693 = new PartnerStsEmulator(config.rfc8693(), validator, baseUri, clock, log);
        this.opa = new OpaEmulator(OpaConfig.empty(), baseUri, clock, log);
        this.github = new GitHubEmulator(config.github(), baseUri, clock, log);
        for (PlatformEmulator<?> emulator : emulators()) {
            for (String context : emulator.contextPaths()) {
                http.createContext(context, exchange -> emulator.serve(exchange, context));
            }
        }
        // Threads per request, so an injected delay never holds up other calls.
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.start();
    }

    /** Starts on a free loopback port with the system clock, logging nothing. */
    public static EmulatorServer start(EmulatorConfig config) {
        return start(config, LOOPBACK_ANY_PORT, Clock.systemUTC(), RequestLog.silent());
    }

    /** Starts on a free loopback port with the given clock (for expiry tests). */
    public static EmulatorServer start(EmulatorConfig config, Clock clock) {
        return start(config, LOOPBACK_ANY_PORT, clock, RequestLog.silent());
    }

    public static EmulatorServer start(EmulatorConfig config, InetSocketAddress bind, Clock clock, RequestLog log) {
        try {
            return new EmulatorServer(config, bind, clock, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start emulators on " + bind, e);
        }
    }

    /** {@code http://127.0.0.1:<port>} (no trailing slash). */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public DatabricksEmulator databricks() {
        return databricks;
    }

    public AwsStsEmulator awsSts() {
        return awsSts;
    }

    public GcpStsEmulator gcpSts() {
        return gcpSts;
    }

    public SnowflakeEmulator snowflake() {
        return snowflake;
    }

    /** The generic RFC 8693 token exchange server ("partner STS"). */
    public PartnerStsEmulator rfc8693() {
        return rfc8693;
    }

    /** The OPA stand-in (policy engine, not a platform): no policies until a test loads some. */
    public OpaEmulator opa() {
        return opa;
    }

    /** GitHub as a plain OAuth 2 identity provider, for session passthrough of a GitHub-style provider. */
    public GitHubEmulator github() {
        return github;
    }

    public List<PlatformEmulator<?>> emulators() {
        return List.of(databricks, awsSts, gcpSts, snowflake, rfc8693, opa, github);
    }

    /** Shared issuer key caches; {@code issuerTrusts().forgetAll()} simulates a fresh start. */
    public IssuerTrusts issuerTrusts() {
        return issuerTrusts;
    }

    /** Resets every emulator (recordings, faults, configuration, issued tokens). */
    public void resetAll() {
        emulators().forEach(PlatformEmulator::reset);
    }

    @Override
    public void close() {
        http.stop(0);
        // Interrupts handlers still sleeping in an injected delay.
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI baseUriOf(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : ip.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort());
    }
}
