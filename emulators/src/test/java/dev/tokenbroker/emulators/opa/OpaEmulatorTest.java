package dev.tokenbroker.emulators.opa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OPA stand-in speaks OPA's REST Data API: paths, status codes, body shapes; decisions scripted per path. */
class OpaEmulatorTest {

    private static final String PATH = "tokenbroker/exchange/decision";
    private static final String INPUT = "{\"input\":{\"user\":{\"username\":\"alice\"},\"scope\":[\"sql\"]}}";

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final OpaEmulator opa = fixture.server().opa();

    private HttpResponse<String> query(String body) {
        return Wire.postJson(opa.dataUri(PATH), null, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.readObject(response.body()).orElseThrow(() -> new AssertionError("not a JSON object: " + response.body()));
    }

    private void load(OpaDocument document) {
        opa.reconfigure(config -> config.withDocument(PATH, document));
    }

    @Test
    void whenNothingIsLoadedThenTheDocumentIsUndefinedWithoutResult() {
        HttpResponse<String> response = query(INPUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("result")).isFalse();
        assertThat(json(response).get("decision_id").asText()).isEqualTo(opa.lastQuery().decisionId()).isNotBlank();
    }

    @Test
    void whenAllowThenResultTrue() {
        load(OpaDocument.allow());

        JsonNode answer = json(query(INPUT));

        assertThat(answer.get("result").asBoolean()).isTrue();
    }

    @Test
    void whenDenyThenResultObjectWithReason() {
        load(OpaDocument.deny("analysts only"));

        JsonNode result = json(query(INPUT)).get("result");

        assertThat(result.get("allow").asBoolean()).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("analysts only");
    }

    @Test
    void whenNarrowThenResultCarriesLifetimeAndScopes() {
        load(OpaDocument.narrow(60, "sql"));

        JsonNode result = json(query(INPUT)).get("result");

        assertThat(result.get("allow").asBoolean()).isTrue();
        assertThat(result.get("max_lifetime").asInt()).isEqualTo(60);
        assertThat(result.get("scopes").get(0).asText()).isEqualTo("sql");
    }

    @Test
    void whenRuleThenItDecidesOnTheInput() {
        load(OpaDocument.rule(input -> "alice".equals(input.path("user").path("username").asText())
                ? OpaDocument.allow() : OpaDocument.deny("not alice")));

        assertThat(json(query(INPUT)).get("result").asBoolean()).isTrue();
        assertThat(json(query("{\"input\":{\"user\":{\"username\":\"bob\"}}}")).get("result").get("reason").asText()).isEqualTo("not alice");
    }

    @Test
    void whenQueriedThenTheInputIsRecorded() {
        query(INPUT);

        OpaQuery query = opa.lastQuery();
        assertThat(query.path()).isEqualTo(PATH);
        assertThat(query.input().get("user").get("username").asText()).isEqualTo("alice");
        assertThat(opa.lastReceived().params()).containsEntry("path", PATH);
    }

    @Test
    void whenDecisionLogsAreOffThenNoDecisionId() {
        opa.reconfigure(config -> config.withDecisionLogs(false));

        assertThat(json(query(INPUT)).has("decision_id")).isFalse();
    }

    @Test
    void whenBodyHasNoInputKeyThenApiUsageWarning() {
        load(OpaDocument.allow());

        JsonNode answer = json(query("{}"));

        assertThat(answer.get("warning").get("code").asText()).isEqualTo("api_usage_warning");
        assertThat(answer.get("result").asBoolean()).isTrue();
        assertThat(opa.lastQuery().input()).isNull();
    }

    @Test
    void whenBodyIsNotJsonThen400InvalidParameter() {
        HttpResponse<String> response = query("{\"input\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(json(response).get("message").asText()).startsWith("body contains malformed input document");
    }

    @Test
    void whenBodyIsAnArrayThen400InvalidParameter() {
        HttpResponse<String> response = query("[1]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asText()).isEqualTo("invalid_parameter");
    }

    @Test
    void whenEvaluationFailsThen500InternalError() {
        load(OpaDocument.evaluationError("eval_conflict_error: complete rules must not produce multiple outputs"));

        HttpResponse<String> response = query(INPUT);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("code").asText()).isEqualTo("internal_error");
    }

    @Test
    void whenTokenRequiredAndMissingThen401ButMalformedBodyIs400First() {
        load(OpaDocument.allow());
        opa.reconfigure(config -> config.withBearerToken("opa-secret"));

        HttpResponse<String> missing = query(INPUT);
        HttpResponse<String> malformed = query("not json");
        HttpResponse<String> right = Wire.postJson(opa.dataUri(PATH), "opa-secret", INPUT);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("code").asText()).isEqualTo("unauthorized");
        assertThat(json(missing).get("message").asText()).isEqualTo("request rejected by administrative policy");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void whenPathOutsideTheDataApiThenGo404() {
        HttpResponse<String> response = Wire.postJson(URI.create(opa.url() + "/v1/nothing"), null, INPUT);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("404 page not found");
    }

    @Test
    void whenTold5xxThenThatPage() {
        opa.faults().next(1, Fault.respond(503, "text/html", "<html>down</html>"));

        HttpResponse<String> response = query(INPUT);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("down");
    }

    @Test
    void whenToldGarbageThen200ThatDoesNotParse() {
        opa.faults().next(1, Fault.malformedBody());

        HttpResponse<String> response = query(INPUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.readObject(response.body())).isEmpty();
    }

    @Test
    void whenToldToHangThenTheClientTimesOut() {
        opa.faults().next(1, Fault.delay(Duration.ofSeconds(3)));
        HttpRequest request = HttpRequest.newBuilder(opa.dataUri(PATH)).timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INPUT)).build();

        assertThatThrownBy(() -> Wire.sendRaw(request)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void whenResetThenQueriesAndDocumentsAreGone() {
        load(OpaDocument.allow());
        query(INPUT);

        opa.reset();

        assertThat(opa.queries()).isEmpty();
        assertThat(json(query(INPUT)).has("result")).isFalse();
    }
}
