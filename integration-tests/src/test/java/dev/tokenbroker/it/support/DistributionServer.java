package dev.tokenbroker.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keycloak started from the unpacked distribution as a local process, no Docker.
 *
 * <p>Each run gets its own server home under {@code target/}: {@code bin}, {@code conf} and the
 * Quarkus build output are copied (augmentation rewrites them when providers change), the 170 MB of
 * library jars are linked from the cached distribution, {@code providers/} holds the jars the build
 * just made and {@code data/import} the realms. The database is in memory, so every run starts clean.
 */
final class DistributionServer implements KeycloakServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final URI baseUri;
    private final URI managementUri;
    private final Path log;

    private DistributionServer(Process process, URI baseUri, URI managementUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.managementUri = managementUri;
        this.log = log;
    }

    static DistributionServer start(ServerSettings settings) {
        Path home = prepareHome(settings, settings.work().resolve("keycloak-" + settings.version()));
        int httpPort = FreePorts.pick();
        return launch(home, httpPort, List.of("start-dev", "--db=dev-mem", "--import-realm"), settings.log(),
                TestDns.serverJavaOptions(settings.work()));
    }

    /**
     * One node of a cluster ({@link KeycloakCluster}): production mode ({@code start}, which builds
     * first), in its own home and log beside the single server's.
     *
     * @param nodeArgs database, cache and hostname options
     */
    static DistributionServer startNode(ServerSettings settings, String name, int httpPort, List<String> nodeArgs) {
        Path home = prepareHome(settings, settings.work().resolve(name));
        List<String> args = new ArrayList<>(List.of("start", "--http-enabled=true"));
        args.addAll(nodeArgs);
        return launch(home, httpPort, args, settings.log().resolveSibling(name + ".log"), TestDns.serverJavaOptions(settings.work()));
    }

    private static DistributionServer launch(Path home, int httpPort, List<String> args, Path log, String javaOptions) {
        int managementPort = FreePorts.pick();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(args);
        command.addAll(List.of("--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true", "--metrics-enabled=true",
                "--log-level=INFO,dev.tokenbroker:debug"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("JAVA_OPTS_APPEND", javaOptions);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        DistributionServer server = new DistributionServer(process, URI.create("http://127.0.0.1:" + httpPort),
                URI.create("http://127.0.0.1:" + managementPort), log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keycloak-stop"));
        server.awaitReady(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"));
        return server;
    }

    private void awaitReady(URI health) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " during startup:\n" + logTail(60));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            try {
                process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
        close();
        throw new IllegalStateException("Keycloak not ready within " + STARTUP_TIMEOUT + ":\n" + logTail(60));
    }

    private static Path prepareHome(ServerSettings settings, Path home) {
        Path dist = settings.distribution();
        if (!Files.isExecutable(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + dist + "; the build unpacks it in pre-integration-test");
        }
        try {
            deleteTree(home);
            copyTree(dist.resolve("bin"), home.resolve("bin"));
            copyTree(dist.resolve("conf"), home.resolve("conf"));
            copyTree(dist.resolve("themes"), home.resolve("themes"));
            copyTree(dist.resolve("lib/app"), home.resolve("lib/app"));
            copyTree(dist.resolve("lib/quarkus"), home.resolve("lib/quarkus"));
            Files.copy(dist.resolve("lib/quarkus-run.jar"), home.resolve("lib/quarkus-run.jar"));
            Files.createSymbolicLink(home.resolve("lib/lib"), dist.resolve("lib/lib").toAbsolutePath());
            Path providers = Files.createDirectories(home.resolve("providers"));
            try (Stream<Path> jars = Files.list(settings.providers())) {
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                    Files.copy(jar, providers.resolve(jar.getFileName()));
                }
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            for (Path realm : settings.realmFiles()) {
                Files.copy(realm, imports.resolve(realm.getFileName()));
            }
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak home " + home, e);
        }
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
    public String logTail(int lines) {
        return LogTail.of(log, lines);
    }

    @Override
    public String log() {
        try {
            return Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server log " + log, e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        // kc.sh runs java as a child (and once more after the build step): stop the whole tree.
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            for (ProcessHandle handle : tree) {
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

}
