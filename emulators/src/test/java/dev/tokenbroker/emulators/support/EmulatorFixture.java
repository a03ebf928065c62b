package dev.tokenbroker.emulators.support;

import dev.tokenbroker.emulators.EmulatorConfig;
import dev.tokenbroker.emulators.EmulatorServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test issuer and one emulator server trusting it (demo configuration), both on free loopback ports,
 * for the tests of one class: started before the first test (or on first use), every emulator reset
 * before each test, both closed after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorFixture fixture = new EmulatorFixture();
 *
 * private final DatabricksEmulator databricks = fixture.server().databricks();
 * }</pre>
 */
public final class EmulatorFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private TestIssuer issuer;
    private EmulatorServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().resetAll();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            issuer.close();
            server = null;
            issuer = null;
        }
    }

    public TestIssuer issuer() {
        start();
        return issuer;
    }

    public EmulatorServer server() {
        start();
        return server;
    }

    /** A token from the test issuer with its defaults (see {@link TestIssuer#token()}). */
    public TokenBuilder token() {
        return issuer().token();
    }

    /** A token from the test issuer for that audience; set {@code subject(address)} for a demo user. */
    public TokenBuilder token(String audience) {
        return token().audience(audience);
    }

    private synchronized void start() {
        if (server == null) {
            TestIssuer started = TestIssuer.start();
            try {
                server = EmulatorServer.start(EmulatorConfig.demo(started.issuerUri()));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            issuer = started;
        }
    }
}
