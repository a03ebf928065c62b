package dev.tokenbroker.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The delegation domain (actors, chains, may_act, scopes, settings) is plain Java: it can be read,
 * tested and reused without a Keycloak, and Keycloak types stay in the adapters around it.
 */
class DomainIndependenceTest {

    @Test
    void whenTheDomainPackageIsReadThenNoSourceImportsKeycloak() throws IOException {
        Path domain = Path.of("src/main/java/dev/tokenbroker/delegation");
        List<Path> sources;
        try (Stream<Path> files = Files.list(domain)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }

        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.getFileName().toString()).doesNotContain("org.keycloak");
        }
    }
}
