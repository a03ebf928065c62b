package dev.tokenbroker.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run on the build machines, so this keeps it honest against what the
 * build does: the same Keycloak version, jars that the build really produces, the same realms.
 */
class RunConfigurationConsistencyIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void composeRunsTheKeycloakVersionTheBuildTestsAgainst() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));

        assertThat(compose).contains("image: quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version") + "\n");
    }

    @Test
    void composeMountsJarsTheBuildProducesAndTheRealmExports() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher mounts = Pattern.compile("- \\./(\\S+?):/").matcher(compose);
        int count = 0;
        while (mounts.find()) {
            count++;
            assertThat(ROOT.resolve(mounts.group(1))).as("mounted path %s", mounts.group(1)).exists();
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        assertThat(compose).contains("./realm-exports:/opt/keycloak/data/import");
    }

    @Test
    void composeRunsOpaWithThePolicyAndPointsTheDemoRealmAtIt() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        String realm = Files.readString(ROOT.resolve("realm-exports/acme-realm.json"));

        assertThat(compose).contains("image: openpolicyagent/opa:").contains("./policy/tokenbroker:/policies")
                .contains("TOKENBROKER_POLICY_ENGINE: opa").contains("TOKENBROKER_OPA_URL: http://127.0.0.1:8181")
                .contains("--addr=127.0.0.1:8181");
        assertThat(ROOT.resolve("policy/tokenbroker/exchange.rego")).exists();
        // The realm reads both placeholders at import; without them (./run.sh, tests) its defaults apply.
        assertThat(realm).contains("\"${TOKENBROKER_POLICY_ENGINE:none}\"").contains("${TOKENBROKER_OPA_URL:http://127.0.0.1:8181}");
        assertThat(Files.readString(ROOT.resolve("policy/tokenbroker/exchange.rego")))
                .contains("package tokenbroker.exchange").contains("decision :=");
        assertThat(realm).contains("\"tokenbroker/exchange/decision\"");
    }

    @Test
    void runScriptReadsTheKeycloakVersionFromThePom() throws IOException {
        String run = Files.readString(ROOT.resolve("run.sh"));

        assertThat(run).contains("<keycloak.version>").doesNotContain(System.getProperty("keycloak.version"));
    }
}
