package dev.tokenbroker.it.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;

/**
 * {@code mcp-remote}, the stdio bridge Claude Desktop launches for a remote MCP server, run from the
 * build's locked install ({@code npm ci} in {@code mcp-gateway/src/test/node}); this class is the
 * host's side of its stdio (newline-delimited JSON-RPC, answers matched by id) and reads its error
 * output, where it prints the authorization URL.
 *
 * <p>It runs in a fresh directory that is its {@code HOME} and its token store
 * ({@code MCP_REMOTE_CONFIG_DIR}, else {@code ~/.mcp-auth}), and cannot start a browser: it opens
 * the URL through the {@code open} package (the bundled {@code xdg-open}, which in a session without
 * a desktop runs {@code $BROWSER}) and falls back to {@code xdg-open}, {@code gio},
 * {@code x-www-browser} and {@code sensible-browser} on {@code PATH}; {@code BROWSER} and every one of
 * those names, first on {@code PATH}, are a stand-in that only writes down what it was given, and
 * the variables that would point an opener at a desktop session are removed.
 */
final class McpRemoteBridge implements AutoCloseable {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(5);
    private static final String AUTHORIZE_PROMPT = "Please authorize this client by visiting:";
    private static final List<String> OPENERS = List.of("xdg-open", "gio", "x-www-browser", "sensible-browser", "www-browser");
    private static final List<String> DESKTOP_SESSION = List.of("DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP",
            "XDG_SESSION_DESKTOP", "XDG_SESSION_TYPE", "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID",
            "MATE_DESKTOP_SESSION_ID", "DBUS_SESSION_BUS_ADDRESS");

    private final Process process;
    private final Path home;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> unreadStderr = new LinkedBlockingQueue<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private List<ProcessHandle> tree = List.of();

    private McpRemoteBridge(Process process, Path home) {
        this.process = process;
        this.home = home;
        this.stdin = process.getOutputStream();
        drain(process.getInputStream(), stdout::add, "stdout");
        drain(process.getErrorStream(), line -> {
            stderr.add(line);
            unreadStderr.add(line);
        }, "stderr");
    }

    /** Starts {@code mcp-remote} with these arguments (what follows the package name in the host's config). */
    static McpRemoteBridge launch(List<String> arguments) {
        Path dir = installDir();
        Path executable = dir.resolve("node_modules/.bin/mcp-remote");
        if (!Files.isExecutable(executable)) {
            throw new AssertionError("mcp-remote is not installed in " + dir + " (the build runs `npm ci` there)");
        }
        try {
            Path home = Files.createTempDirectory("mcp-remote-home");
            Path bin = Files.createDirectory(home.resolve("bin"));
            Path browser = bin.resolve("browser");
            Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + home.resolve("opened") + "'\n");
            Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
            for (String opener : OPENERS) {
                Files.createSymbolicLink(bin.resolve(opener), browser);
            }
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            Map<String, String> env = builder.environment();
            DESKTOP_SESSION.forEach(env::remove);
            env.put("HOME", home.toString());
            // Its default under that HOME, named so an inherited value cannot send it elsewhere.
            env.put("MCP_REMOTE_CONFIG_DIR", home.resolve(".mcp-auth").toString());
            env.put("BROWSER", browser.toString());
            env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            return new McpRemoteBridge(builder.start(), home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mcp-remote (Node 20 must be on PATH)", e);
        }
    }

    /** The authorization URL the bridge printed for the user to open. */
    URI awaitAuthorizationUrl() {
        boolean prompted = false;
        Instant deadline = Instant.now().plus(STEP);
        while (true) {
            String line = next(unreadStderr, deadline, "the authorization URL");
            if (line.contains(AUTHORIZE_PROMPT)) {
                prompted = true;
            } else if (prompted && line.startsWith("http")) {
                return URI.create(line.trim());
            }
        }
    }

    /** The version of the installed {@code mcp-remote} (the locked one). */
    static String installedVersion() {
        Path manifest = installDir().resolve("node_modules/mcp-remote/package.json");
        try {
            return Http.JSON.readTree(manifest.toFile()).path("version").asText();
        } catch (IOException e) {
            throw new AssertionError("mcp-remote is not installed (" + manifest + "; the build runs `npm ci`)", e);
        }
    }

    /** Sends a JSON-RPC request as the host would and returns the response with its id. */
    JsonNode request(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        send(message);
        Instant deadline = Instant.now().plus(STEP);
        while (true) {
            JsonNode answer = json(next(stdout, deadline, "the answer to " + method));
            if (answer.path("id").asInt(-1) == id && !answer.has("method")) {
                return answer;
            }
        }
    }

    void notify(String method) {
        send(Map.of("jsonrpc", "2.0", "method", method));
    }

    /** Every line the stand-in browser was called with. */
    List<String> opened() {
        Path opened = home.resolve("opened");
        try {
            return Files.exists(opened) ? Files.readAllLines(opened) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The claims of a token the bridge stored ({@code access_token}, {@code refresh_token}; decoded, never printed). */
    JsonNode storedTokenClaims(String name) {
        try (Stream<Path> files = Files.walk(home.resolve(".mcp-auth"))) {
            Path tokens = files.filter(f -> f.getFileName().toString().endsWith("_tokens.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("mcp-remote stored no tokens under " + home.resolve(".mcp-auth")));
            return Jwt.claims(Http.JSON.readTree(tokens.toFile()).path(name).asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bridge and every process it started, as seen just before {@link #close()} ended them. */
    List<ProcessHandle> processTree() {
        return tree;
    }

    /**
     * Ends the bridge as a host does, by closing its stdin, and whatever it started; forcibly if it
     * has not exited within a few seconds. The temporary home goes with it.
     */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        tree = List.copyOf(all);
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone: the kill below makes sure
        }
        try {
            if (!process.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
            for (ProcessHandle handle : tree) {
                handle.destroyForcibly();
                handle.onExit().get(EXIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new AssertionError("mcp-remote's processes did not end: " + tree, e);
        } finally {
            deleteHome();
        }
    }

    private static Path installDir() {
        return Path.of(System.getProperty("mcp.sdk.client.dir", "../mcp-gateway/src/test/node")).toAbsolutePath();
    }

    private void send(Map<String, ?> message) {
        try {
            stdin.write((Http.JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("mcp-remote no longer reads its stdin" + diagnostics(), e);
        }
    }

    private String next(BlockingQueue<String> lines, Instant deadline, String awaited) {
        try {
            while (true) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    return line;
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("mcp-remote exited (" + process.exitValue() + ") before " + awaited + diagnostics());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no " + awaited + " from mcp-remote within " + STEP.toSeconds() + " s" + diagnostics());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("mcp-remote wrote a line to stdout that is not JSON-RPC: " + line, e);
        }
    }

    /** Its error output: steps, the authorization URL, errors (no token: mcp-remote logs none without {@code --debug}). */
    private String diagnostics() {
        return "; its error output:\n" + String.join("\n", stderr);
    }

    private static void drain(InputStream stream, Consumer<String> sink, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                lines.lines().forEach(sink);
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        }, "mcp-remote-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void deleteHome() {
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS
        }
    }
}
