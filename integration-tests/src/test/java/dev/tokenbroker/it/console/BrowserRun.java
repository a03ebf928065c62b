package dev.tokenbroker.it.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of the console's browser script ({@code admin-theme/e2e/console-e2e.mjs}: Node with
 * playwright-core driving Debian's headless Chromium), and the steps it reports.
 */
final class BrowserRun {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));

    private final JsonNode result;
    private final String output;

    private BrowserRun(JsonNode result, String output) {
        this.result = result;
        this.output = output;
    }

    static BrowserRun run(Path script, Path shots, Map<String, String> env) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("no Chromium at " + CHROMIUM + ": run ./test.sh (installs Debian's chromium), or apt-get install chromium");
        }
        Files.createDirectories(shots);
        try (var old = Files.list(shots)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Path resultFile = shots.resolve("result.json");
        Path log = shots.resolve("browser.log");
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SHOTS", shots.toString());
        builder.environment().put("RESULT", resultFile.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the browser script did not finish in 6 minutes; " + Files.readString(log));
        }
        String output = Files.readString(log);
        if (!Files.exists(resultFile)) {
            throw new AssertionError("the browser script reported nothing (exit " + process.exitValue() + "): " + output);
        }
        return new BrowserRun(new ObjectMapper().readTree(resultFile.toFile()), output);
    }

    JsonNode steps() {
        return result.path("steps");
    }

    JsonNode consoleErrors() {
        return result.path("consoleErrors");
    }

    /** What a step saw (its detail), failing with the whole report if it did not pass. */
    String detail(String name) {
        for (JsonNode step : steps()) {
            if (step.path("name").asText().equals(name)) {
                if (!step.path("ok").asBoolean()) {
                    throw new AssertionError("browser step " + name + " failed: " + step.path("detail").asText() + "\n" + this);
                }
                return step.path("detail").asText();
            }
        }
        throw new AssertionError("browser step " + name + " did not run\n" + this);
    }

    @Override
    public String toString() {
        return "steps: " + steps().toPrettyString() + "\nconsole errors: " + consoleErrors() + "\noutput: " + output;
    }
}
