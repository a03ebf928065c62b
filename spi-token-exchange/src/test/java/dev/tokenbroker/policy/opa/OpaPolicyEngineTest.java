package dev.tokenbroker.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.emulators.EmulatorConfig;
import dev.tokenbroker.emulators.EmulatorServer;
import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.emulators.opa.OpaDocument;
import dev.tokenbroker.emulators.opa.OpaEmulator;
import dev.tokenbroker.policy.Inputs;
import dev.tokenbroker.policy.PolicyDecision.Outcome;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyResources;

/** The OPA engine on the wire, against the OPA stand-in: each answer and each failure mode. */
class OpaPolicyEngineTest {

    private static final String PATH = "tokenbroker/exchange/decision";
    private static final EmulatorServer SERVER = EmulatorServer.start(EmulatorConfig.demo(URI.create("http://127.0.0.1:1/realms/acme")));
    private static final CloseableHttpClient HTTP = HttpClients.createDefault();

    private final OpaEmulator opa = SERVER.opa();
    private final Map<String, String> vault = new java.util.HashMap<>();
    private final PolicyResources resources = new PolicyResources() {
        @Override
        public CloseableHttpClient httpClient() {
            return HTTP;
        }

        @Override
        public Optional<String> secret(String reference) {
            return reference.startsWith("${vault.") ? Optional.ofNullable(vault.get(reference)) : Optional.of(reference);
        }
    };

    @BeforeEach
    void reset() {
        SERVER.resetAll();
    }

    @AfterAll
    static void stop() throws IOException {
        HTTP.close();
        SERVER.close();
    }

    private OpaPolicyEngine engine(String... settings) {
        String[] all = new String[settings.length + 4];
        all[0] = "engine";
        all[1] = "opa";
        all[2] = "opa.url";
        all[3] = opa.url().toString();
        System.arraycopy(settings, 0, all, 4, settings.length);
        return OpaPolicyEngine.parse(Inputs.config(all));
    }

    private PolicyDecision decide(OpaDocument document, String... settings) {
        opa.reconfigure(config -> config.withDocument(PATH, document));
        return engine(settings).decide(Inputs.alice(), resources);
    }

    private static void assertOutcome(PolicyDecision decision, Outcome outcome, String reason) {
        assertThat(decision.engine()).isEqualTo("opa");
        assertThat(decision.outcome()).isEqualTo(outcome);
        assertThat(decision.reason()).isEqualTo(reason);
    }

    @Test
    void whenOpaAllowsThenAllowWithItsDecisionId() {
        PolicyDecision decision = decide(OpaDocument.allow());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.decisionId()).isEqualTo(opa.lastQuery().decisionId()).isNotBlank();
    }

    @Test
    void whenQueriedThenTheBodyIsTheInputAsDocumented() {
        decide(OpaDocument.allow());

        JsonNode input = opa.lastQuery().input();
        assertThat(opa.lastQuery().path()).isEqualTo(PATH);
        assertThat(input.get("version").asInt()).isEqualTo(1);
        assertThat(input.get("user").get("username").asText()).isEqualTo("alice");
        assertThat(input.get("user").get("realm_roles").toString()).contains("analyst");
        assertThat(input.get("actor_chain").get(0).get("sub").asText()).isEqualTo("claude-desktop");
        assertThat(input.get("tool").get("tool").asText()).isEqualTo("databricks_mcp.query");
        assertThat(input.get("target").get("alias").asText()).isEqualTo("databricks");
        assertThat(input.get("scope").get(0).asText()).isEqualTo("all-apis");
        assertThat(input.get("lifetime_seconds").asLong()).isEqualTo(300);
    }

    @Test
    void whenOpaDeniesThenItsReason() {
        assertOutcome(decide(OpaDocument.deny("analysts only")), Outcome.DENY, "analysts only");
    }

    @Test
    void whenOpaNarrowsThenLifetimeAndScopes() {
        PolicyDecision decision = decide(OpaDocument.narrow(60, "sql"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.maxLifetimeSeconds()).isEqualTo(60);
        assertThat(decision.scopes()).isEqualTo(Scopes.parse("sql"));
    }

    @Test
    void whenTheDocumentIsUndefinedThenDeny() {
        assertOutcome(decide(OpaDocument.undefined()), Outcome.DENY, "the policy has no decision for this request");
    }

    @Test
    void whenTheResultIsNotADecisionThenDeny() {
        assertOutcome(decide(OpaDocument.value("yes")), Outcome.DENY, "the policy's answer is not a decision");
    }

    @Test
    void whenEvaluationFailsThenUnavailableWithTheStatus() {
        assertOutcome(decide(OpaDocument.evaluationError("conflict")), Outcome.UNAVAILABLE, "policy unavailable: OPA answered HTTP 500");
    }

    @Test
    void whenOpaAnswers503ThenUnavailable() {
        opa.faults().next(1, Fault.respond(503, "text/html", "<html>maintenance</html>"));

        assertOutcome(decide(OpaDocument.allow()), Outcome.UNAVAILABLE, "policy unavailable: OPA answered HTTP 503");
    }

    @Test
    void whenOpaHangsPastTheReadTimeoutThenUnavailableSayingSo() {
        opa.faults().next(1, Fault.delay(Duration.ofSeconds(3)));

        assertOutcome(decide(OpaDocument.allow(), "opa.timeout.read.ms", "300"), Outcome.UNAVAILABLE,
                "policy unavailable: OPA timed out after 300 ms");
    }

    @Test
    void whenOpaSendsGarbageThenUnavailable() {
        opa.faults().next(1, Fault.malformedBody());

        assertOutcome(decide(OpaDocument.allow()), Outcome.UNAVAILABLE, "policy unavailable: OPA sent a malformed answer");
    }

    @Test
    void whenOpaDropsTheConnectionThenUnavailable() {
        opa.faults().next(1, Fault.closeConnection());

        PolicyDecision decision = decide(OpaDocument.allow());

        assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(decision.reason()).startsWith("policy unavailable: OPA is unreachable (");
    }

    @Test
    void whenOpaIsDownThenUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PolicyDecision decision = OpaPolicyEngine.parse(Inputs.config("engine", "opa", "opa.url", "http://127.0.0.1:" + closedPort))
                .decide(Inputs.alice(), resources);

        assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(decision.reason()).isEqualTo("policy unavailable: OPA is unreachable (HttpHostConnectException)");
    }

    @Test
    void whenOpaAnswersTooMuchThenUnavailable() {
        opa.faults().next(1, Fault.respond(200, "application/json", "{\"result\":true,\"x\":\"" + "x".repeat(70_000) + "\"}"));

        assertOutcome(decide(OpaDocument.allow()), Outcome.UNAVAILABLE, "policy unavailable: OPA's answer is larger than 65536 bytes");
    }

    @Test
    void whenOpaDemandsATokenThenTheVaultedOneIsSent() {
        opa.reconfigure(config -> config.withBearerToken("opa-secret"));
        vault.put("${vault.opa-token}", "opa-secret");

        assertThat(decide(OpaDocument.allow(), "opa.token", "${vault.opa-token}").allowed()).isTrue();
        assertOutcome(decide(OpaDocument.allow()), Outcome.UNAVAILABLE, "policy unavailable: OPA answered HTTP 401");
    }

    @Test
    void whenTheVaultHasNoSuchTokenThenUnavailableWithoutCallingOpa() {
        assertOutcome(decide(OpaDocument.allow(), "opa.token", "${vault.missing}"), Outcome.UNAVAILABLE,
                "policy unavailable: the OPA bearer token is not in the vault");
        assertThat(opa.calls()).isZero();
    }

    @Test
    void whenOpaRedirectsThenItIsNotFollowed() {
        opa.faults().next(1, Fault.respond(307, "text/plain", ""));

        assertOutcome(decide(OpaDocument.allow()), Outcome.UNAVAILABLE, "policy unavailable: OPA answered HTTP 307");
    }
}
