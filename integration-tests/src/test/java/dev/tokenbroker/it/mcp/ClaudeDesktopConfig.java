package dev.tokenbroker.it.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.it.support.Http;

/**
 * The {@code claude_desktop_config.json} entry the README gives for the gateway, read from the README
 * itself, so the bridge under test runs with the arguments a user copies and a change to the snippet
 * is a change to the test.
 */
final class ClaudeDesktopConfig {

    /** The fenced JSON block of the README's "Claude Desktop" bullet. */
    private static final Pattern SNIPPET = Pattern.compile("- \\*\\*Claude Desktop\\*\\*.*?```json\\n(.*?)```", Pattern.DOTALL);
    static final String SERVER = "acme-data";

    private final JsonNode server;

    private ClaudeDesktopConfig(JsonNode server) {
        this.server = server;
    }

    static ClaudeDesktopConfig fromReadme() {
        Path readme = Path.of(System.getProperty("tokenbroker.readme", "../README.md"));
        try {
            Matcher snippet = SNIPPET.matcher(Files.readString(readme));
            if (!snippet.find()) {
                throw new AssertionError("no Claude Desktop snippet in " + readme);
            }
            JsonNode server = Http.JSON.readTree(snippet.group(1)).path("mcpServers").path(SERVER);
            if (!server.isObject()) {
                throw new AssertionError("the README's Claude Desktop snippet has no server " + SERVER);
            }
            return new ClaudeDesktopConfig(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String command() {
        return server.path("command").asText();
    }

    List<String> args() {
        List<String> args = new ArrayList<>();
        server.path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /**
     * What Claude Desktop hands {@code mcp-remote} after {@code npx} has resolved the package: the
     * snippet's arguments after the package, with the demo gateway URL replaced by the one under test
     * and an explicit callback port right after it (the default port is derived from the URL and
     * pinned, so a test on random ports names a free one instead).
     */
    List<String> mcpRemoteArguments(URI gateway, int callbackPort) {
        List<String> args = args();
        List<String> rest = new ArrayList<>(args.subList(packageAt() + 1, args.size()));
        if (rest.isEmpty() || !rest.get(0).equals(GatewayUnderTest.DEMO_RESOURCE)) {
            throw new AssertionError("the README's Claude Desktop snippet does not name the demo gateway first: " + rest);
        }
        rest.set(0, gateway.toString());
        rest.add(1, String.valueOf(callbackPort));
        return rest;
    }

    private int packageAt() {
        List<String> args = args();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("mcp-remote") || args.get(i).startsWith("mcp-remote@")) {
                return i;
            }
        }
        throw new AssertionError("the README's Claude Desktop snippet does not run mcp-remote: " + args);
    }
}
