package dev.tokenbroker.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TokenExchange;
import dev.tokenbroker.it.support.Upstreams;

/** The demo story's exchanges and what the policy tests read back: the record, a client's attributes. */
final class PolicyExchanges {

    static final String GATEWAY = "mcp-gateway";
    static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";
    static final String TOOL = "databricks_mcp.query";
    static final String TOOL_DETAILS = "[{\"type\":\"tool_invocation\",\"tool\":\"" + TOOL + "\",\"server\":\"https://mcp.acme.test/analytics\"}]";

    private PolicyExchanges() {
    }

    /** Alice through Claude Desktop, exchanged by the gateway. */
    static TokenExchange forAlice(Realm acme) {
        return acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude());
    }

    static TokenExchange forBob(Realm acme) {
        return acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.login("claude-desktop", "bob", "bob").get("access_token").asText());
    }

    /** The details of the newest record: {@code TOKEN_EXCHANGE} when allowed, else {@code TOKEN_EXCHANGE_ERROR}. */
    static JsonNode latestRecord(Realm acme, boolean allowed) {
        JsonNode event = acme.admin().events(allowed ? "TOKEN_EXCHANGE" : "TOKEN_EXCHANGE_ERROR").get(0);
        return event.path("details");
    }

    /** The newest refusal's record, checked to carry the error the caller got and the same description. */
    static JsonNode refusalRecord(Realm acme, Http.Response response) {
        JsonNode event = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);
        assertThat(event.path("error").asText()).isEqualTo(response.json().path("error").asText());
        assertThat(event.path("details").path("reason").asText()).isEqualTo(response.json().path("error_description").asText());
        return event.path("details");
    }

    /** Sets client attributes (a value of "" removes the setting) through admin REST, failing the test if refused. */
    static void setClientAttributes(Realm acme, String clientId, String... namesAndValues) {
        Http.Response response = putClientAttributes(acme, clientId, namesAndValues);
        assertThat(response.status()).as("%s", response).isEqualTo(204);
    }

    static Http.Response putClientAttributes(Realm acme, String clientId, String... namesAndValues) {
        ObjectNode client = acme.admin().client(clientId);
        ObjectNode attributes = client.withObjectProperty("attributes");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return acme.admin().put("/clients/" + client.get("id").asText(), client);
    }

    /**
     * Creates a Databricks upstream of the test's own (the demo's trust settings, no token cache, so each
     * exchange reaches the platform) with these policy settings; returns its id.
     */
    static String createDatabricksUpstream(Realm acme, Platforms platforms, String alias, String... policyKeysAndValues) {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>(java.util.Map.of(
                "assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", platforms.emulators().databricks().workspaceTokenUri().toString(),
                "scope.default", "all-apis", "scope.allowed", "all-apis sql", "subject.source", "email", "cache.enabled", "false"));
        for (int i = 0; i < policyKeysAndValues.length; i += 2) {
            config.put(policyKeysAndValues[i], policyKeysAndValues[i + 1]);
        }
        return Upstreams.createValid(acme, alias, "databricks", config);
    }

    /** Sets configuration values of a component in one update (a value of "" removes the setting). */
    static void updateComponent(Realm acme, String id, java.util.Map<String, String> values) {
        ObjectNode component = (ObjectNode) acme.admin().getJson("/components/" + id);
        ObjectNode config = component.withObjectProperty("config");
        values.forEach((key, value) -> config.putArray(key).add(value));
        Http.Response response = acme.admin().put("/components/" + id, component);
        assertThat(response.status()).as("%s", response).isEqualTo(204);
    }

    /** Sets realm attributes (a value of "" removes the setting). */
    static void setRealmAttributes(Realm acme, String... namesAndValues) {
        ObjectNode realm = Http.JSON.createObjectNode();
        ObjectNode attributes = realm.putObject("attributes");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        Http.Response response = acme.admin().put("", realm);
        assertThat(response.status()).as("%s", response).isEqualTo(204);
    }
}
