package dev.tokenbroker.emulators.opa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.RequestLog;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for OPA's REST Data API, for tests that cannot run the real server: the same paths,
 * status codes and body shapes, and decisions scripted per document path ({@link OpaDocument}).
 * <ul>
 *   <li>{@code POST /v1/data/{path}} with {@code {"input": ...}} (and {@code GET}, without input):
 *       200 {@code {"result": <value>}} when the document is defined, 200 without {@code result}
 *       ({@code {}}) when it is undefined; {@code decision_id} in both when decision logging is on;
 *       a body without {@code input} gets OPA's {@code api_usage_warning};</li>
 *   <li>400 {@code {"code":"invalid_parameter",...}} for a body that is not a JSON object — checked
 *       before authentication, as OPA parses the body first;</li>
 *   <li>401 {@code {"code":"unauthorized","message":"request rejected by administrative policy"}}
 *       without the configured bearer token;</li>
 *   <li>500 {@code {"code":"internal_error",...}} when evaluation fails;</li>
 *   <li>404 {@code 404 page not found} (text) for paths outside the API, 405 for other methods.</li>
 * </ul>
 * Served under {@value #CONTEXT}: OPA's base URL is {@code http://127.0.0.1:<port>/opa}. Every query's
 * input is kept ({@link #queries()}); tokens never are.
 */
public final class OpaEmulator extends PlatformEmulator<OpaConfig> {

    public static final String CONTEXT = "/opa";
    private static final String DATA_API = "/v1/data";

    private final List<OpaQuery> queries = new ArrayList<>();

    public OpaEmulator(OpaConfig config, URI serverBase, Clock clock, RequestLog log) {
        super("opa", config, serverBase, clock, log);
    }

    @Override
    public List<String> contextPaths() {
        return List.of(CONTEXT);
    }

    /** OPA's base URL, what Keycloak's {@code opa.url} setting names. */
    public URI url() {
        return uriOf(CONTEXT);
    }

    /** The URL of one document, e.g. {@code dataUri("tokenbroker/exchange/decision")}. */
    public URI dataUri(String path) {
        return uriOf(CONTEXT + DATA_API + "/" + OpaConfig.normalize(path));
    }

    /** Every query answered (or refused after its body was read), in order. */
    public synchronized List<OpaQuery> queries() {
        return List.copyOf(queries);
    }

    public OpaQuery lastQuery() {
        List<OpaQuery> all = queries();
        if (all.isEmpty()) {
            throw new IllegalStateException("opa received no query");
        }
        return all.get(all.size() - 1);
    }

    @Override
    protected synchronized void resetState() {
        queries.clear();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        String subPath = call.subPath();
        if (!(subPath.equals(DATA_API) || subPath.startsWith(DATA_API + "/"))) {
            return notFound(call);
        }
        if (!call.method().equals("POST") && !call.method().equals("GET")) {
            throw new Refusal(new Reply(405, "text/plain", "", Map.of(), Outcome.rejected("method_not_allowed", call.method())));
        }
        String path = OpaConfig.normalize(subPath.substring(DATA_API.length()));
        call.params(Map.of("path", path));
        ObjectNode body = body(call);
        OpaConfig config = config();
        if (config.bearerToken() != null && !config.bearerToken().equals(call.bearerToken().orElse(null))) {
            throw new Refusal(error(401, "unauthorized", "request rejected by administrative policy"));
        }
        JsonNode input = body == null ? null : body.get("input");
        OpaDocument document = config.document(path);
        while (document instanceof OpaDocument.Rule rule) {
            document = rule.rule().apply(input);
        }
        String decisionId = config.decisionLogs() ? UUID.randomUUID().toString() : null;
        record(new OpaQuery(clock.instant(), path, input, decisionId));
        if (document instanceof OpaDocument.EvaluationError failed) {
            throw new Refusal(error(500, "internal_error", failed.message()));
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (decisionId != null) {
            answer.put("decision_id", decisionId);
        }
        if (body != null && !body.has("input")) {
            answer.putObject("warning").put("code", "api_usage_warning").put("message", "'input' key missing from the request");
        }
        if (document instanceof OpaDocument.Value value) {
            answer.set("result", value.value());
            return Reply.json(200, answer, Outcome.accepted("result at " + path));
        }
        return Reply.json(200, answer, Outcome.accepted("undefined at " + path));
    }

    /** The request body as OPA reads it: empty is no body, anything else must be a JSON object. */
    private ObjectNode body(Call call) throws Refusal {
        if (call.body().isBlank()) {
            return null;
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(call.body());
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
            throw new Refusal(error(400, "invalid_parameter",
                    "body contains malformed input document: json: cannot unmarshal " + kind(parsed) + " into Go value of type map[string]interface {}"));
        } catch (JsonProcessingException e) {
            throw new Refusal(error(400, "invalid_parameter", "body contains malformed input document: invalid character looking for beginning of value"));
        }
    }

    private synchronized void record(OpaQuery query) {
        queries.add(query);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isArray() ? "array" : node.isTextual() ? "string" : node.isNumber() ? "number" : "bool";
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("code", code).put("message", message);
        return Reply.json(status, body, Outcome.rejected(code, message));
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.JSON, "{\"decision_id\":\"4b1e\",\"result\":{\"allow\":tr", Map.of(), Outcome.accepted("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return new Reply(404, "text/plain; charset=utf-8", "404 page not found\n", Map.of(),
                Outcome.rejected("not_found", call.path()));
    }
}
