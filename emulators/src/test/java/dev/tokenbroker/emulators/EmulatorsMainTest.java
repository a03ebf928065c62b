package dev.tokenbroker.emulators;

import dev.tokenbroker.emulators.recording.RequestLog;
import dev.tokenbroker.emulators.support.TestIssuer;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatorsMainTest {

    @Test
    void whenNoArgumentsThenDefaults() {
        EmulatorsMain.Options options = EmulatorsMain.Options.parse();

        assertThat(options.port()).isEqualTo(8090);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.emulatorConfig()).isEqualTo(AcmeDemo.config(AcmeDemo.DEFAULT_ISSUER, AcmeDemo.DEFAULT_CORPORATE_ISSUER));
    }

    @Test
    void whenIssuersGivenThenTheDemoTrustsThemAndAConfigFileIsTakenAsIs(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        EmulatorsMain.Options demo = EmulatorsMain.Options.parse("--issuer", "http://localhost:9999/realms/acme",
                "--corporate-issuer", "http://127.0.0.1:9999/realms/corporate", "--port", "0");
        Path file = dir.resolve("config.json");
        Files.writeString(file, AcmeDemo.config("http://from-file/realms/x", "http://from-file/realms/y").toJson());

        assertThat(demo.port()).isZero();
        assertThat(demo.emulatorConfig()).isEqualTo(
                AcmeDemo.config("http://localhost:9999/realms/acme", "http://127.0.0.1:9999/realms/corporate"));
        assertThat(EmulatorsMain.Options.parse("--config", file.toString()).emulatorConfig().awsSts().provider().url())
                .isEqualTo("http://from-file/realms/x");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--config", file.toString(), "--issuer", "http://a/realms/b"))
                .hasMessageContaining("--config names its own issuers");
    }

    @Test
    void whenOptionUnknownOrValueMissingThenRejected() {
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--verbose")).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--port", "http")).hasMessageContaining("number");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--issuer", "ftp://x")).hasMessageContaining("http");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--corporate-issuer", "x")).hasMessageContaining("--corporate-issuer");
    }

    @Test
    void whenOpaDocumentGivenThenTheRunningStandInAnswersItsValue() {
        EmulatorsMain.Options options = EmulatorsMain.Options.parse("--port", "0",
                "--opa-document", "/tokenbroker/exchange/decision/={\"allow\": true}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (EmulatorServer server = EmulatorServer.start(options.emulatorConfig(), EmulatorServer.LOOPBACK_ANY_PORT,
                Clock.systemUTC(), RequestLog.to(print))) {
            options.loadOpaDocuments(server);
            EmulatorsMain.printEndpoints(server, options.emulatorConfig(), print);

            String answer = Wire.postJson(server.opa().dataUri("tokenbroker/exchange/decision"), null,
                    "{\"input\":{\"user\":{\"username\":\"alice\"}}}").body();
            String undefined = Wire.postJson(server.opa().dataUri("other/decision"), null, "{\"input\":{}}").body();

            assertThat(answer).contains("\"result\":{\"allow\":true}");
            assertThat(undefined).doesNotContain("result");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("loaded: tokenbroker/exchange/decision");
        }
    }

    @Test
    void whenOpaDocumentMalformedThenRejected() {
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--opa-document", "true")).hasMessageContaining("<path>=<json>");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--opa-document", "=true")).hasMessageContaining("<path>=<json>");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--opa-document", "a/b={allow")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EmulatorsMain.Options.parse("--opa-document", "a/b=")).hasMessageContaining("JSON value");
    }

    @Test
    void whenStartedThenEndpointsPrintedAndRequestLogNeverContainsTheToken() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (TestIssuer issuer = TestIssuer.start();
             EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(issuer.issuerUri()),
                     EmulatorServer.LOOPBACK_ANY_PORT, Clock.systemUTC(), RequestLog.to(print))) {
            EmulatorsMain.printEndpoints(server, EmulatorConfig.demo(issuer.issuerUri()), print);
            String token = issuer.token().audience(AcmeDemo.DATABRICKS_AUDIENCE)
                    .subject(AcmeDemo.ALICE_EMAIL).sign();

            String accessToken = Wire.postForm(server.databricks().workspaceTokenUri(),
                    Wire.tokenExchangeForm(token, "scope", "all-apis")).body();

            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains(server.baseUri() + "/databricks/oidc/v1/token")
                    .contains(server.baseUri() + "/aws-sts/")
                    .contains(server.baseUri() + "/gcp-sts/v1/token")
                    .contains(server.baseUri() + "/snowflake/api/v2/statements")
                    .contains(server.baseUri() + "/rfc8693/token")
                    .contains("[databricks] POST /databricks/oidc/v1/token sub=" + AcmeDemo.ALICE_EMAIL + " ")
                    .contains("-> 200 accepted")
                    .doesNotContain(token)
                    .doesNotContain(token.split("\\.")[2])
                    .doesNotContain(accessToken.split("\"")[3]);
        }
    }
}
