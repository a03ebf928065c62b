package dev.tokenbroker.it.console;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.AdminApi;
import dev.tokenbroker.it.support.BrokerAdminTest;
import dev.tokenbroker.it.support.BrowserScript;
import dev.tokenbroker.it.support.FullAuditTrail;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.KeycloakServer;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;

/**
 * The admin console with our theme, in a real headless Chromium against the real Keycloak: the
 * Token Broker section's story (issue 12), three stock pages, and the audit page's warning when the
 * scan bound may have cut a search short. The console of the master realm manages every realm and
 * uses the master realm's admin theme, so the test selects ours there, as README tells an operator
 * to. Screenshots of every step: target/console-screenshots/.
 */
@BrokerAdminTest
class AdminConsoleIT {

    private static final String ALIAS = "console-databricks";
    private static final String BROKEN_ENDPOINT = "http://databricks.example.com/oidc/v1/token";
    private static final String FULL_AUDIT_REALM = "console-audit-bound";
    private static final Path SCRIPT = Path.of(System.getProperty("console.e2e.script", "../admin-theme/e2e/console-e2e.mjs"));
    private static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    /** Node with playwright-core (the theme's node_modules) driving Debian's headless Chromium. */
    private static final BrowserScript CONSOLE_SCRIPT = new BrowserScript("browser", Path.of("node"), SCRIPT, Duration.ofMinutes(6));

    private Realm acme;
    private String masterThemeBefore;

    @BeforeEach
    void selectTheTheme(Realm acme) {
        this.acme = acme;
        AdminApi master = acme.other("master").admin();
        ObjectNode realm = (ObjectNode) master.getJson("");
        masterThemeBefore = realm.path("adminTheme").asText("");
        assertThat(master.put("", Map.of("adminTheme", "tokenbroker")).status()).isEqualTo(204);
        removeConsoleUpstream();
    }

    @AfterEach
    void putBack() {
        removeConsoleUpstream();
        acme.other("master").admin().put("", Map.of("adminTheme", masterThemeBefore));
    }

    @Test
    void anAdminConfiguresTriesAuditsAndStopsAnAgentFromTheConsole(KeycloakServer server) throws Exception {
        JsonNode demoDatabricks = upstream("databricks");
        // The demo upstream's settings (pointed at the emulator), under a resource of its own: two
        // upstreams may not answer to the same one.
        ObjectNode config = demoDatabricks.get("config").deepCopy();
        config.putArray("resource").add("https://console.cloud.databricks.com");

        BrowserScript.Run run;
        // The audit page of a realm whose trail is full to the search's scan bound: a search matching
        // none of it is the one the bound may have cut short.
        try (FullAuditTrail full = FullAuditTrail.create(acme, FULL_AUDIT_REALM)) {
            run = CONSOLE_SCRIPT.run(SHOTS, Map.of(
                    "KC_URL", server.baseUri().toString(),
                    "REALM", "acme",
                    "ADMIN_USER", KeycloakServer.ADMIN_USER,
                    "ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD,
                    "UPSTREAM_ALIAS", ALIAS,
                    "UPSTREAM_CONFIG", config.toString(),
                    "BROKEN_ENDPOINT", BROKEN_ENDPOINT,
                    "FULL_AUDIT_REALM", full.realm().name()));
        }

        assertThat(run.detail("token-broker-section")).contains("Manage", "Configure", "Token Broker");
        assertThat(run.detail("upstream-field-error")).as("the server's message, under the field").contains("token.endpoint", "https");
        run.detail("upstream-fixed-and-saved");
        JsonNode saved = upstream(ALIAS);
        assertThat(saved.path("config").path("token.endpoint").get(0).asText())
                .isEqualTo(demoDatabricks.path("config").path("token.endpoint").get(0).asText());
        assertThat(run.detail("dry-run-claims")).contains("\"act\"", "claude-desktop", "\"sub\"");
        assertThat(run.detail("run-for-real")).as("the upstream's answer, tokens redacted").doesNotContain("eyJ");
        assertThat(run.detail("audit-record")).contains("alice → claude-desktop", ALIAS);
        assertThat(run.detail("agent-suspended")).contains("suspended");
        assertThat(run.detail("next-exchange-refused")).contains("access_denied");
        assertThat(run.detail("policy-page")).isEqualTo("realm default engine: none");
        assertThat(run.detail("delegation-settings")).isEqualTo("Delegation settings of claude-desktop");
        run.detail("stock-clients");
        run.detail("stock-users");
        run.detail("stock-realm-settings");
        assertThat(run.detail("audit-complete")).as("a full page of the newest records is complete")
                .isEqualTo("50 records; truncation alert shown: false");
        assertThat(run.detail("audit-cut-short")).contains(
                "Only the newest " + FullAuditTrail.SCAN_BOUND + " exchange records were searched",
                "Narrow the filter by user to search further back");

        // The suspension the console set is the realm's kill switch: a plain exchange is refused too.
        Http.Response refused = acme.exchange("mcp-gateway", "demo-mcp-gateway-secret").subject(acme.aliceViaClaude()).audience(ALIAS).post();
        assertOAuthError(refused, 400, "access_denied");
        assertThat(run.steps()).hasSize(16);
        for (JsonNode step : run.steps()) {
            assertThat(SHOTS.resolve(step.path("screenshot").asText())).as("screenshot of " + step.path("name")).exists();
        }
    }

    private JsonNode upstream(String name) {
        for (JsonNode component : acme.admin().getJson("/components?type=" + Platforms.UPSTREAM_TYPE)) {
            if (component.path("name").asText().equals(name)) {
                return component;
            }
        }
        throw new AssertionError("no upstream " + name);
    }

    private void removeConsoleUpstream() {
        for (JsonNode component : acme.admin().getJson("/components?type=" + Platforms.UPSTREAM_TYPE)) {
            if (component.path("name").asText().equals(ALIAS)) {
                acme.admin().delete("/components/" + component.get("id").asText());
            }
        }
    }

}
