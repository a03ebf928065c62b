package dev.tokenbroker.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.CorporateIdp;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Jwt;
import dev.tokenbroker.it.support.OAuthAssertions;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/** The README's copy-paste helpers do what the README says, against the real server. */
@RealKeycloak
class DemoScriptsIT {

    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    @Test
    void pkceLoginScriptPrintsAlicesClaudeDesktopToken(Realm acme) throws Exception {
        String token = run(List.of(SCRIPTS.resolve("pkce-login.sh").toString(), "claude-desktop", "alice", "alice",
                acme.server().baseUri().toString()), null).trim();

        JsonNode claims = Jwt.claims(token);
        assertThat(claims.get("azp").asText()).isEqualTo("claude-desktop");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
    }

    @Test
    void pkceLoginScriptSignsCarolInThroughTheCorporateIdpAndHerTokenReachesDatabricksBrokered(Realm acme, Platforms platforms)
            throws Exception {
        CorporateIdp.pointAt(acme);
        String token = run(List.of(SCRIPTS.resolve("pkce-login.sh").toString(), "claude-desktop", "carol", "carol",
                acme.server().baseUri().toString(), "acme", CorporateIdp.ALIAS), null).trim();

        JsonNode claims = Jwt.claims(token);
        assertThat(claims.get("iss").asText()).isEqualTo(acme.issuer().toString());
        assertThat(claims.get("preferred_username").asText()).isEqualTo("carol");
        // the README's brokered step: the demo realm's databricks-corporate upstream, the demo emulator's trust
        Http.Response brokered = acme.exchange("mcp-gateway", "demo-mcp-gateway-secret").subject(token)
                .audience("databricks-corporate").post();
        Http.Response me = new Http().get(platforms.emulators().databricks().scimMeUri(), "Authorization",
                Http.bearer(OAuthAssertions.assertIssuedAccessToken(brokered)));
        assertThat(me.json().get("userName").asText()).isEqualTo("carol@acme.test");
    }

    @Test
    void jwtClaimsScriptShowsTheActClaimOfAnExchangeResponse(Realm acme) throws Exception {
        Http.Response exchanged = acme.exchange("mcp-gateway", "demo-mcp-gateway-secret")
                .subject(acme.aliceViaClaude()).audience("analytics-mcp").post();

        String printed = run(List.of(SCRIPTS.resolve("jwt-claims.sh").toString()), exchanged.body());

        assertThat(Http.JSON.readTree(printed).get("act").toString()).isEqualTo("{\"sub\":\"claude-desktop\"}");
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit of %s; stderr: %s", command.get(0), err).isZero();
        return out;
    }
}
