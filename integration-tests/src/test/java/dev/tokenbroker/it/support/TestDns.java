package dev.tokenbroker.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What host names resolve to inside the Keycloak under test, in the tests' hands. The server's JVM
 * resolves from a hosts file ({@code jdk.net.hosts.file}, read on every lookup) instead of DNS, with
 * its cache of answers off, so a test can make a name resolve to a cloud metadata address, or change
 * what a saved upstream's host resolves to. Java still caches "does not resolve" for 10 s (a security
 * property), so a test maps a name before anything looks it up, and uses names no other test uses. The file starts as a copy of {@code /etc/hosts} (localhost, the
 * machine's own name); names not in it do not resolve, as on this offline machine anyway.
 *
 * <p>Only the local distribution server uses it ({@link #isActive()}); tests that need it are skipped
 * elsewhere.
 */
public final class TestDns {

    private static final Map<String, List<String>> MAPPED = new LinkedHashMap<>();
    private static String base = "";

    private TestDns() {
    }

    /** The JVM options that make the server resolve from the file; writes the file's starting content. */
    static String serverJavaOptions(Path work) {
        base = systemHosts();
        MAPPED.clear();
        write(file(work));
        return "-Djdk.net.hosts.file=" + file(work) + " -Dsun.net.inetaddr.ttl=0";
    }

    /** Whether the server under test resolves through the file. */
    public static boolean isActive() {
        String work = System.getProperty("keycloak.work");
        return "dist".equals(System.getProperty("keycloak.server", "dist")) && work != null && Files.exists(file(Path.of(work)));
    }

    /** From now on, {@code name} resolves to these addresses (in this order) and nothing else. */
    public static synchronized void map(String name, String... addresses) {
        MAPPED.put(name, List.of(addresses));
        write(file(Path.of(System.getProperty("keycloak.work"))));
    }

    private static Path file(Path work) {
        return work.toAbsolutePath().resolve("hosts");
    }

    private static void write(Path file) {
        StringBuilder hosts = new StringBuilder(base);
        MAPPED.forEach((name, addresses) -> addresses.forEach(address -> hosts.append(address).append(' ').append(name).append('\n')));
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling("hosts.next");
            Files.writeString(next, hosts, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); // never read half-written
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /etc/hosts, plus localhost and this machine's name should it lack them (Keycloak looks its own name up). */
    private static String systemHosts() {
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(Files.readAllLines(Path.of("/etc/hosts")));
        } catch (IOException | UncheckedIOException unreadable) {
            // start from the two lines below
        }
        lines.add("127.0.0.1 localhost");
        try {
            lines.add("127.0.0.1 " + InetAddress.getLocalHost().getHostName());
        } catch (IOException unknown) {
            // the machine's name does not resolve here either
        }
        return String.join("\n", lines) + "\n";
    }
}
