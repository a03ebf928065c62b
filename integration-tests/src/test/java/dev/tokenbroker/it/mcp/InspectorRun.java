package dev.tokenbroker.it.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.it.support.Http;

/**
 * One run of {@code mcp-gateway/src/test/inspector/inspector-e2e.mjs}: the MCP Inspector (npm
 * {@code @modelcontextprotocol/inspector}, installed by the build with {@code npm ci} together with
 * the Node 22 it needs) and headless Chromium clicking through its web UI, and the steps it reports.
 */
final class InspectorRun {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path DIR = Path.of(System.getProperty("mcp.inspector.dir", "../mcp-gateway/src/test/inspector"));

    private final JsonNode result;

    private InspectorRun(JsonNode result) {
        this.result = result;
    }

    static InspectorRun run(Path shots, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(shots);
        try (var old = Files.list(shots)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        // Node 22 from the npm package `node` beside the script (the Inspector refuses nothing older
        // than 22.19 by its engines field; the system's Node 20 stays the build's).
        Path node = DIR.resolve("node_modules/.bin/node").toAbsolutePath();
        if (!Files.isExecutable(node)) {
            throw new AssertionError("no Node 22 at " + node + ": the build installs it with `npm ci` in " + DIR);
        }
        Path resultFile = shots.resolve("result.json").toAbsolutePath();
        Path log = shots.resolve("inspector-e2e.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), "inspector-e2e.mjs"))
                .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SHOTS", shots.toAbsolutePath().toString());
        builder.environment().put("RESULT", resultFile.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the Inspector script did not finish in 4 minutes; " + Files.readString(log));
        }
        if (!Files.exists(resultFile)) {
            throw new AssertionError("the Inspector script reported nothing (exit " + process.exitValue() + "): " + Files.readString(log));
        }
        return new InspectorRun(Http.JSON.readTree(resultFile.toFile()));
    }

    JsonNode steps() {
        return result.path("steps");
    }

    /** The authorization request the browser was sent to (code challenge and state left out). */
    JsonNode authorizationRequest() {
        return result.path("authorizationRequest");
    }

    /** Every request the page itself made to Keycloak, as "METHOD /path". */
    List<String> browserCallsToKeycloak() {
        List<String> calls = new ArrayList<>();
        result.path("browserCalls").forEach(call -> calls.add(call.asText()));
        return calls;
    }

    /** What a step saw (its detail), failing with the whole report if it did not pass. */
    String detail(String name) {
        for (JsonNode step : steps()) {
            if (step.path("name").asText().equals(name)) {
                if (!step.path("ok").asBoolean()) {
                    throw new AssertionError("Inspector step " + name + " failed: " + step.path("detail").asText() + "\n" + this);
                }
                return step.path("detail").asText();
            }
        }
        throw new AssertionError("Inspector step " + name + " did not run\n" + this);
    }

    @Override
    public String toString() {
        return result.toPrettyString();
    }
}
