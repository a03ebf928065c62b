package dev.tokenbroker.it.upstream;

import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TokenExchange;

/** The demo story's first steps, shared by the upstream tests: alice signs in with Claude, the gateway exchanges. */
final class UpstreamExchanges {

    static final String GATEWAY = "mcp-gateway";
    static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";

    private UpstreamExchanges() {
    }

    static TokenExchange forAlice(Realm acme) {
        return acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.aliceViaClaude());
    }

    static TokenExchange forBob(Realm acme) {
        return acme.exchange(GATEWAY, GATEWAY_SECRET).subject(acme.login("claude-desktop", "bob", "bob").get("access_token").asText());
    }
}
