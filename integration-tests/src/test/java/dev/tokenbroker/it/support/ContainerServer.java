package dev.tokenbroker.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The same server in the official Keycloak image, through Testcontainers, for machines with a
 * Docker engine ({@code -Dkeycloak.server=testcontainers}). Same providers, realms and flags as
 * {@link DistributionServer}, so the same tests run unchanged.
 */
final class ContainerServer implements KeycloakServer {

    private final GenericContainer<?> container;
    private final URI baseUri;
    private final URI managementUri;
    private final StringBuilder log = new StringBuilder();

    private ContainerServer(GenericContainer<?> container, URI baseUri, URI managementUri) {
        this.container = container;
        this.baseUri = baseUri;
        this.managementUri = managementUri;
    }

    static ContainerServer start(ServerSettings settings) {
        // Host networking (Linux engines), on free ports: the container reaches the platform emulators
        // the tests start on loopback, and the issuer URL is the same for the tests and the emulators.
        int httpPort = FreePorts.pick();
        int managementPort = FreePorts.pick();
        GenericContainer<?> container = new GenericContainer<>("quay.io/keycloak/keycloak:" + settings.version())
                .withNetworkMode("host")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
                .withCommand("start-dev", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                        "--http-management-port=" + managementPort, "--health-enabled=true", "--metrics-enabled=true", "--db=dev-mem", "--import-realm",
                        "--log-level=INFO,dev.tokenbroker:debug")
                .waitingFor(Wait.forLogMessage(".*Keycloak .* started in .*", 1).withStartupTimeout(Duration.ofMinutes(4)));
        try (Stream<Path> jars = Files.list(settings.providers())) {
            jars.filter(j -> j.toString().endsWith(".jar")).forEach(jar -> container.withCopyFileToContainer(
                    MountableFile.forHostPath(jar), "/opt/keycloak/providers/" + jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path realm : settings.realmFiles()) {
            container.withCopyFileToContainer(MountableFile.forHostPath(realm), "/opt/keycloak/data/import/" + realm.getFileName());
        }
        ContainerServer server = new ContainerServer(container, URI.create("http://127.0.0.1:" + httpPort),
                URI.create("http://127.0.0.1:" + managementPort));
        container.withLogConsumer(frame -> server.log.append(frame.getUtf8String()));
        container.start();
        return server;
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public URI managementUri() {
        return managementUri;
    }

    @Override
    public String log() {
        return log.toString();
    }

    @Override
    public String logTail(int lines) {
        String[] all = log.toString().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() {
        container.stop();
    }
}
