package dev.tokenbroker.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.mcp.auth.VerifiedToken;
import dev.tokenbroker.mcp.broker.ToolExchange;
import dev.tokenbroker.mcp.http.PlatformHttp;

/**
 * The shape every tool shares (exchange for the tool's upstream, one use of the credential, each way it
 * fails worded for the caller), on the wire: a local HTTP server stands in for Keycloak's token
 * endpoint and for the platforms, answering as they answer. What reaches Keycloak with the real thing is
 * covered by the integration tests; here each refusal kind is checked for its exact text and for
 * carrying neither the user's token nor the issued credential.
 */
class BrokeredToolTest {

    private static final String USER_TOKEN = "user-access-token-eyJhbGciOiJSUzI1NiJ9.alice";
    private static final String ISSUED = "dapi-issued-credential-0123456789";
    private static final VerifiedToken ALICE = new VerifiedToken(USER_TOKEN, "alice-id", "alice", "claude-desktop", Set.of("mcp:tools"));

    private HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Reply keycloak;
    private volatile Reply platform;

    private record Request(String path, String authorization, String body) {
        Map<String, String> form() {
            return Stream.of(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                    pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                    pair -> URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8)));
        }
    }

    private record Reply(int status, String json) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> answer(exchange, keycloak));
        server.createContext("/platform", exchange -> answer(exchange, platform));
        server.start();
        keycloak = new Reply(200, "{\"access_token\":\"" + ISSUED + "\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, Reply reply) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"), body));
        byte[] json = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private McpSchema.CallToolResult call(URI tokenEndpoint, GatewayTool tool, Map<String, Object> arguments) {
        HttpClient http = HttpClient.newHttpClient();
        ToolExchange broker = new ToolExchange(tokenEndpoint, "mcp-gateway", "gateway-secret", URI.create("http://localhost:8095/mcp"), http);
        return new ToolCatalog(List.of(tool), broker, new PlatformHttp(http)).call(tool, ALICE, arguments);
    }

    private McpSchema.CallToolResult call(GatewayTool tool, Map<String, Object> arguments) {
        return call(local("/token"), tool, arguments);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** The error text, checked to be an error and to carry no token of either side. */
    private static String errorText(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isTrue();
        assertThat(text(result)).doesNotContain(USER_TOKEN).doesNotContain(ISSUED);
        return text(result);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<Request> at(String path) {
        return received.stream().filter(r -> r.path().startsWith(path)).toList();
    }

    @Test
    void aToolExchangesForItsOwnUpstreamNamingItselfThenUsesTheCredentialOnceAsBearer() {
        platform = new Reply(200, "{\"statement_id\":\"s-1\",\"status\":{\"state\":\"SUCCEEDED\"},"
                + "\"manifest\":{\"schema\":{\"columns\":[{\"name\":\"current_user()\"}]}},"
                + "\"result\":{\"data_array\":[[\"alice@acme.test\"]]}}");

        McpSchema.CallToolResult result = call(new DatabricksQueryTool(local("/platform"), "wh-1"), Map.of("sql", "SELECT current_user()"));

        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(text(result)).isEqualTo("databricks: current_user()\nalice@acme.test");
        Map<String, String> form = at("/token").get(0).form();
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token", USER_TOKEN).containsEntry("audience", "databricks");
        assertThat(form.get("authorization_details")).contains("\"tool\":\"databricks_query\"", "\"type\":\"tool_invocation\"");
        List<Request> platformCalls = at("/platform");
        assertThat(platformCalls).hasSize(1);
        assertThat(platformCalls.get(0).authorization()).isEqualTo("Bearer " + ISSUED);
        assertThat(platformCalls.get(0).body()).doesNotContain(USER_TOKEN);
    }

    @Test
    void whenKeycloakRefusesThenItsOAuthErrorAndDescriptionAreQuotedAndThePlatformIsNotCalled() {
        keycloak = new Reply(403, "{\"error\":\"access_denied\",\"error_description\":\"agent claude-desktop is suspended\"}");

        McpSchema.CallToolResult result = call(new AwsWhoamiTool(), Map.of());

        assertThat(errorText(result))
                .isEqualTo("Keycloak refused the token exchange for aws_whoami: access_denied (agent claude-desktop is suspended)");
        assertThat(at("/platform")).isEmpty();
    }

    @Test
    void whenKeycloakAnswersWithoutJsonThenTheStatusStandsInForTheDescription() {
        keycloak = new Reply(503, "not json");

        assertThat(errorText(call(new GcpWhoamiTool(local("/platform")), Map.of())))
                .isEqualTo("Keycloak refused the token exchange for gcp_whoami: server_error (HTTP 503 from Keycloak)");
    }

    @Test
    void whenKeycloakCannotBeReachedThenTheExchangeFailedWithoutARefusal() throws IOException {
        McpSchema.CallToolResult result = call(URI.create("http://127.0.0.1:" + closedPort() + "/token"),
                new DatabricksQueryTool(local("/platform"), "wh-1"), Map.of("sql", "SELECT 1"));

        assertThat(errorText(result)).isEqualTo("the token exchange for databricks_query failed: Keycloak could not be reached");
    }

    @Test
    void whenThePlatformRefusesThenItsStatusAndOwnErrorFieldsAreQuoted() {
        platform = new Reply(403, "{\"code\":\"390189\",\"message\":\"Role 'ANALYST' is not granted to this user.\"}");

        McpSchema.CallToolResult result = call(new SnowflakeQueryTool(local("/platform")), Map.of("sql", "SELECT CURRENT_USER()"));

        assertThat(errorText(result)).isEqualTo("snowflake answered HTTP 403: 390189 Role 'ANALYST' is not granted to this user.");
    }

    @Test
    void whenThePlatformEchoesTheCredentialItRejectsThenTheTextLeavesItOut() {
        platform = new Reply(401, "{\"error\":\"invalid_token\",\"error_description\":\"unknown token " + ISSUED + "\"}");

        McpSchema.CallToolResult result = call(new CorporateWhoamiTool(local("/platform")), Map.of());

        assertThat(errorText(result)).isEqualTo("corporate IdP answered HTTP 401: invalid_token unknown token [credential]");
    }

    @Test
    void whenThePlatformCannotBeReachedThenItIsNamed() throws IOException {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());

        McpSchema.CallToolResult result = call(new DatabricksQueryTool(nowhere, "wh-1"), Map.of("sql", "SELECT 1"));

        assertThat(errorText(result)).isEqualTo("databricks could not be reached");
        assertThat(at("/token")).as("the exchange happened first").hasSize(1);
    }

    @Test
    void whenTheBrokersAnswerLacksWhatTheToolNeedsThenThePlatformIsNamedWithoutTheCredential() {
        McpSchema.CallToolResult result = call(new AwsWhoamiTool(), Map.of());

        assertThat(errorText(result)).isEqualTo("the broker's answer has no AWS credentials");
    }

    @Test
    void whenAnArgumentIsMissingThenNoExchangeIsMadeAndTheArgumentIsNamed() {
        McpSchema.CallToolResult result = call(new SnowflakeQueryTool(local("/platform")), Map.of());

        assertThat(errorText(result)).isEqualTo("argument 'sql' is required (a non-empty string)");
        assertThat(received).as("neither Keycloak nor the platform was called").isEmpty();
    }

    @Test
    void eachToolNamesItsOwnUpstream() {
        assertThat(Stream.of(new DatabricksQueryTool(local("/platform"), "wh-1"), new SnowflakeQueryTool(local("/platform")),
                        new AwsWhoamiTool(), new GcpWhoamiTool(local("/platform")), new CorporateWhoamiTool(local("/platform")))
                .collect(Collectors.toMap(BrokeredTool::name, BrokeredTool::upstream)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("databricks_query", "databricks", "snowflake_query", "snowflake",
                        "aws_whoami", "aws", "gcp_whoami", "gcp", "corporate_whoami", "corporate-token"));
    }
}
