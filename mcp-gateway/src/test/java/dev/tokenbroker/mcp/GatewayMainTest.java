package dev.tokenbroker.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayMainTest {

    @Test
    void whenOnlyAPortIsGivenThenTheResourceFollowsIt() {
        GatewayConfig config = GatewayMain.parse(new String[] {"--port", "8195"}, "s");

        assertThat(config.resource()).hasToString("http://localhost:8195/mcp");
        assertThat(config.metadataUri()).hasToString("http://localhost:8195/.well-known/oauth-protected-resource/mcp");
        assertThat(config.tokenEndpoint()).hasToString("http://localhost:8080/realms/acme/protocol/openid-connect/token");
        assertThat(config.allowedHosts(8195)).contains("localhost:8195", "127.0.0.1:8195");
    }

    @Test
    void whenTheResourceIsOnLoopbackThenItsOwnOriginsAreItsLoopbackSpellingsOnly() {
        GatewayConfig loopback = GatewayMain.parse(new String[] {"--port", "8195"}, "s");
        GatewayConfig hosted = GatewayMain.parse(new String[] {"--port", "8195", "--resource", "https://mcp.example.com/mcp"}, "s");

        assertThat(loopback.ownOrigins())
                .containsExactly("http://localhost:8195", "http://127.0.0.1:8195", "http://[::1]:8195");
        assertThat(hosted.ownOrigins()).containsExactly("https://mcp.example.com");
    }

    @Test
    void whenNoSecretInTheEnvironmentThenRefusedToStart() {
        assertThatThrownBy(() -> GatewayMain.parse(new String[0], null)).hasMessageContaining("MCP_GATEWAY_CLIENT_SECRET");
    }

    @Test
    void whenTheResourceHasNoPathThenRefused() {
        assertThatThrownBy(() -> GatewayMain.parse(new String[] {"--resource", "http://localhost:8095"}, "s"))
                .hasMessageContaining("needs a path");
    }

    @Test
    void whenAnUnknownOptionThenRefused() {
        assertThatThrownBy(() -> GatewayMain.parse(new String[] {"--prot", "1"}, "s")).hasMessageContaining("unknown option");
    }
}
