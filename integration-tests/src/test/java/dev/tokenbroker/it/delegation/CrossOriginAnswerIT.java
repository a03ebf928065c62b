package dev.tokenbroker.it.delegation;

import static dev.tokenbroker.it.support.OAuthAssertions.assertIssuedAccessToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TokenExchange;

/**
 * The broker's answers carry CORS headers as Keycloak's own token endpoint does: to a request from an
 * origin the requesting client allows, and not to one without {@code Origin} — whichever flow
 * answered, allowed or refused.
 */
@RealKeycloak
class CrossOriginAnswerIT {

    private static final String GATEWAY = "mcp-gateway";
    private static final String GATEWAY_SECRET = "demo-mcp-gateway-secret";
    private static final String ALLOWED_ORIGIN = "https://tools.acme.test";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    private JsonNode webOriginsBefore;

    @BeforeEach
    void gatewayAllowsOneOrigin(Realm acme) {
        ObjectNode gateway = acme.admin().client(GATEWAY);
        webOriginsBefore = gateway.has("webOrigins") ? gateway.get("webOrigins").deepCopy() : Http.JSON.createArrayNode();
        gateway.putArray("webOrigins").add(ALLOWED_ORIGIN);
        acme.admin().updateClient(gateway);
    }

    @AfterEach
    void restoreWebOrigins(Realm acme) {
        ObjectNode gateway = acme.admin().client(GATEWAY);
        gateway.set("webOrigins", webOriginsBefore);
        acme.admin().updateClient(gateway);
    }

    @Test
    void delegationAnswersAnAllowedOriginWithCorsHeadersAndNoOriginWithout(Realm acme) {
        String alice = acme.aliceViaClaude();

        Http.Response fromAllowed = exchange(acme, alice).audience("analytics-mcp").header("Origin", ALLOWED_ORIGIN).post();
        Http.Response withoutOrigin = exchange(acme, alice).audience("analytics-mcp").post();
        Http.Response fromOther = exchange(acme, alice).audience("analytics-mcp").header("Origin", "https://evil.example").post();

        assertIssuedAccessToken(fromAllowed);
        assertThat(fromAllowed.header(ALLOW_ORIGIN)).isEqualTo(ALLOWED_ORIGIN);
        assertIssuedAccessToken(withoutOrigin);
        assertThat(withoutOrigin.header(ALLOW_ORIGIN)).isNull();
        // Keycloak's token endpoint turns away an origin the client does not list before any exchange runs.
        assertThat(fromOther.status()).isEqualTo(403);
        assertThat(fromOther.header(ALLOW_ORIGIN)).isNull();
    }

    @Test
    void anUpstreamAnswerGetsTheSameHeadersAsALocalOne(Realm acme, Platforms platforms) {
        platforms.emulators().resetAll();
        String alice = acme.aliceViaClaude();

        Http.Response fromAllowed = exchange(acme, alice).audience("databricks").header("Origin", ALLOWED_ORIGIN).post();
        Http.Response withoutOrigin = exchange(acme, alice).audience("databricks").post();

        assertThat(fromAllowed.status()).as("%s", fromAllowed).isEqualTo(200);
        assertThat(fromAllowed.header(ALLOW_ORIGIN)).isEqualTo(ALLOWED_ORIGIN);
        assertThat(withoutOrigin.status()).as("%s", withoutOrigin).isEqualTo(200);
        assertThat(withoutOrigin.header(ALLOW_ORIGIN)).isNull();
    }

    @Test
    void aRefusalIsReadableByTheAllowedOriginToo(Realm acme) {
        Http.Response refused = exchange(acme, acme.aliceViaClaude()).audience("no-such-audience")
                .header("Origin", ALLOWED_ORIGIN).post();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_target");
        assertThat(refused.header(ALLOW_ORIGIN)).isEqualTo(ALLOWED_ORIGIN);
    }

    private static TokenExchange exchange(Realm acme, String subjectToken) {
        return acme.exchange(GATEWAY, GATEWAY_SECRET).subject(subjectToken);
    }
}
