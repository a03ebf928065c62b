package dev.tokenbroker.emulators.support;

import dev.tokenbroker.emulators.EmulatorConfig;
import dev.tokenbroker.emulators.EmulatorServer;

/** One test issuer and one emulator server trusting it (demo configuration), both on free loopback ports. */
public final class Fixture implements AutoCloseable {

    public final TestIssuer issuer;
    public final EmulatorServer server;

    private Fixture() {
        issuer = TestIssuer.start();
        server = EmulatorServer.start(EmulatorConfig.demo(issuer.issuerUri()));
    }

    public static Fixture start() {
        return new Fixture();
    }

    @Override
    public void close() {
        server.close();
        issuer.close();
    }
}
