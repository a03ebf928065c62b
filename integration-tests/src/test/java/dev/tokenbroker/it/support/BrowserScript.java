package dev.tokenbroker.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Node script that drives headless Chromium through a page and reports its steps: it gets
 * {@code SHOTS} (the screenshots' directory), {@code RESULT} (the file it writes
 * {@code {"steps":[{name, ok, detail, screenshot}], …}} to) and {@code CHROMIUM} in its environment.
 * What differs between scripts is given here: which Node runs it, how long it may take and the
 * label failure messages call it by; the fields a script reports beside its steps are read with
 * {@link Run#field} and {@link Run#texts}.
 */
public final class BrowserScript {

    public static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));

    private final String label;
    private final Path node;
    private final Path script;
    private final Duration timeout;

    /**
     * @param label  what failure messages call the script ("the {label} script", "{label} step …")
     * @param node   the Node executable, a path or a name looked up on PATH
     * @param script the script, run from its own directory (where its node_modules resolve)
     */
    public BrowserScript(String label, Path node, Path script, Duration timeout) {
        this.label = label;
        this.node = node;
        this.script = script.toAbsolutePath();
        this.timeout = timeout;
    }

    /** Runs the script once with {@code env} added to its environment, into a cleared {@code shots}. */
    public Run run(Path shots, Map<String, String> env) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("no Chromium at " + CHROMIUM + ": run scripts/test-prerequisites.sh (installs Debian's chromium), or apt-get install chromium");
        }
        Path dir = shots.toAbsolutePath();
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Path resultFile = dir.resolve("result.json");
        Path log = dir.resolve(script.getFileName().toString().replaceFirst("\\.mjs$", "") + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), script.toString()))
                .directory(script.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SHOTS", dir.toString());
        builder.environment().put("RESULT", resultFile.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // The browser and anything the script started would outlive it.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the " + label + " script did not finish in " + timeout.toMinutes() + " minutes; " + Files.readString(log));
        }
        String output = Files.readString(log);
        if (!Files.exists(resultFile)) {
            throw new AssertionError("the " + label + " script reported nothing (exit " + process.exitValue() + "): " + output);
        }
        return new Run(label, Http.JSON.readTree(resultFile.toFile()), output);
    }

    /** What one run reported. */
    public static final class Run {

        private final String label;
        private final JsonNode result;
        private final String output;

        private Run(String label, JsonNode result, String output) {
            this.label = label;
            this.result = result;
            this.output = output;
        }

        public JsonNode steps() {
            return result.path("steps");
        }

        /** A field the script reports beside its steps (missing: a missing node). */
        public JsonNode field(String name) {
            return result.path(name);
        }

        /** A field that is an array of strings, as a list. */
        public List<String> texts(String name) {
            return OAuthAssertions.texts(field(name));
        }

        /** What a step saw (its detail), failing with the whole report if it did not pass. */
        public String detail(String name) {
            for (JsonNode step : steps()) {
                if (step.path("name").asText().equals(name)) {
                    if (!step.path("ok").asBoolean()) {
                        throw new AssertionError(label + " step " + name + " failed: " + step.path("detail").asText() + "\n" + this);
                    }
                    return step.path("detail").asText();
                }
            }
            throw new AssertionError(label + " step " + name + " did not run\n" + this);
        }

        @Override
        public String toString() {
            return "result: " + result.toPrettyString() + "\noutput: " + output;
        }
    }
}
