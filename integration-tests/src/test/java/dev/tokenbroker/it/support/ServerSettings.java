package dev.tokenbroker.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build put what the server needs; passed by Maven as system properties so the tests run
 * the distribution version and jars the build just produced.
 */
record ServerSettings(String version, Path distribution, Path providers, List<Path> realmFiles, Path log, Path work) {

    static ServerSettings fromSystemProperties() {
        List<Path> realms = new ArrayList<>(jsonFiles(Path.of(required("keycloak.realms"))));
        // realms only the tests need (a second realm for foreign tokens, edge-case client settings)
        realms.addAll(jsonFiles(Path.of("src/test/resources/realms")));
        return new ServerSettings(required("keycloak.version"), Path.of(required("keycloak.home")),
                Path.of(required("keycloak.providers")), realms, Path.of(required("keycloak.log")),
                Path.of(required("keycloak.work")));
    }

    private static List<Path> jsonFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven (./mvnw verify)");
        }
        return value;
    }
}
