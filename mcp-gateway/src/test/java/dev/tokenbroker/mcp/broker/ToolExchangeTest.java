package dev.tokenbroker.mcp.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolExchangeTest {

    @Test
    void whenAToolIsCalledThenTheExchangeNamesItAsAToolInvocationOfThisServer() throws Exception {
        ToolExchange exchange = new ToolExchange(URI.create("http://localhost:8080/realms/acme/protocol/openid-connect/token"),
                "mcp-gateway", "secret", URI.create("http://localhost:8095/mcp"), HttpClient.newHttpClient());

        assertThat(new ObjectMapper().readTree(exchange.authorizationDetails("databricks_query")))
                .isEqualTo(new ObjectMapper().readTree("[{\"type\":\"tool_invocation\",\"tool\":\"databricks_query\","
                        + "\"server\":\"http://localhost:8095/mcp\"}]"));
    }

    @Test
    void whenKeycloakCannotBeReachedThenTemporarilyUnavailable() {
        ToolExchange exchange = new ToolExchange(URI.create("http://127.0.0.1:1/realms/acme/protocol/openid-connect/token"),
                "mcp-gateway", "secret", URI.create("http://localhost:8095/mcp"), HttpClient.newHttpClient());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exchange.exchange("t", "databricks", "databricks_query"))
                .isInstanceOfSatisfying(ExchangeRefused.class, e -> {
                    assertThat(e.error()).isEqualTo("temporarily_unavailable");
                    assertThat(e.status()).as("no answer").isZero();
                });
    }
}
