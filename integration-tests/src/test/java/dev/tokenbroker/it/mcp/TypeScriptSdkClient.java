package dev.tokenbroker.it.mcp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.it.support.Http;

/**
 * Runs {@code mcp-gateway/src/test/node/mcp-client.mjs}: the TypeScript MCP SDK's client with its
 * OAuth support (installed by the build with {@code npm ci}), and reads the one JSON line it prints.
 * The script's error output is kept for the assertion message when it fails.
 */
final class TypeScriptSdkClient {

    private static final long TIMEOUT_SECONDS = 120;

    private TypeScriptSdkClient() {
    }

    static JsonNode run(URI gateway, String username, String password, String callsJson, String staticClientId) {
        Path dir = Path.of(System.getProperty("mcp.sdk.client.dir", "../mcp-gateway/src/test/node"));
        List<String> command = new ArrayList<>(List.of("node", "mcp-client.mjs", gateway.toString(), username, password, callsJson));
        if (staticClientId != null) {
            command.add(staticClientId);
        }
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the TypeScript MCP client did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new AssertionError("the TypeScript MCP client failed (exit " + process.exitValue() + "): " + err);
            }
            return Http.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new AssertionError("cannot run node (Node 20 and `npm ci` in " + dir + " are needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
