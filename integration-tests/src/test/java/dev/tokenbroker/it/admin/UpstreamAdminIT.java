package dev.tokenbroker.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.support.BrokerAdmin;
import dev.tokenbroker.it.support.BrokerAdminTest;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.Upstreams;

/**
 * The upstream pages' REST: types with their forms, create/read/update/delete with per-field errors
 * from the same validation as component REST and realm import, secrets write-only, permissions.
 */
@BrokerAdminTest
@SuppressWarnings("unchecked")
class UpstreamAdminIT {

    private static final String UPSTREAMS = "/upstreams";

    private final Realm acme;
    private final BrokerAdmin admin;
    private final Platforms platforms;

    UpstreamAdminIT(Realm acme, Platforms platforms, BrokerAdmin admin) {
        this.acme = acme;
        this.platforms = platforms;
        this.admin = admin;
    }

    @Test
    void typesDescribeEachFormFromTheFactories() {
        JsonNode types = admin.getJson(UPSTREAMS + "/types");

        assertThat(types.findValuesAsText("type")).contains("databricks", "snowflake", "aws-sts", "gcp-sts", "rfc8693", "passthrough");
        JsonNode databricks = byKey(types, "type", "databricks");
        assertThat(databricks.get("label").asText()).isEqualTo("Databricks");
        JsonNode endpoint = byKey(databricks.get("fields"), "name", "token.endpoint");
        assertThat(endpoint.get("kind").asText()).isEqualTo("string");
        assertThat(endpoint.get("required").asBoolean()).isTrue();
        assertThat(endpoint.get("helpText").asText()).contains("https");
        assertThat(byKey(databricks.get("fields"), "name", "policy.engine").get("options").toString()).contains("builtin", "opa");
        assertThat(byKey(databricks.get("fields"), "name", "subject.token-source").get("defaultValue").asText()).isEqualTo("minted");
        JsonNode secret = byKey(byKey(types, "type", "rfc8693").get("fields"), "name", "rfc8693.client-secret");
        assertThat(secret.get("kind").asText()).isEqualTo("secret");
        assertThat(secret.get("placeholder").asText()).isEqualTo("${vault.<key>}");
    }

    @Test
    void aDatabricksUpstreamWithMistakesIsRefusedPerFieldThenCreatedReadListedAndDeleted() {
        Map<String, Object> form = databricks("dbx-admin", "http://dbx.example.com/oidc/v1/token");
        ((Map<String, Object>) form.get("config")).put("policy.engine", List.of("sometimes"));

        Http.Response refused = admin.post(UPSTREAMS, form);

        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(refused.json().get("fields").findValuesAsText("field")).containsExactly("token.endpoint", "policy.engine");
        assertThat(byKey(refused.json().get("fields"), "field", "token.endpoint").get("message").asText()).contains("https");
        assertThat(admin.getJson(UPSTREAMS).findValuesAsText("alias")).doesNotContain("dbx-admin");

        Http.Response created = admin.post(UPSTREAMS, databricks("dbx-admin", platforms.emulators().databricks().workspaceTokenUri().toString()));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/token-broker/upstreams/" + id);
        try {
            JsonNode read = admin.getJson(UPSTREAMS + "/" + id);
            assertThat(read.get("alias").asText()).isEqualTo("dbx-admin");
            assertThat(read.get("type").asText()).isEqualTo("databricks");
            assertThat(read.get("config").get("scope.default").get(0).asText()).isEqualTo("all-apis");
            JsonNode row = byKey(admin.getJson(UPSTREAMS), "alias", "dbx-admin");
            assertThat(row.get("flow").asText()).isEqualTo("federated");
            assertThat(row.get("target").asText()).contains("/oidc/v1/token", "aud https://dbx-admin.example");
            assertThat(row.get("policyEngine").asText()).isNotBlank();
            assertThat(row.get("recent").get("exchanges").asInt()).isZero();
            JsonNode asComponent = acme.admin().getJson("/components/" + id);
            assertThat(asComponent.get("providerType").asText()).as("still a Keycloak component").isEqualTo(Platforms.UPSTREAM_TYPE);
            JsonNode event = acme.admin().getJson("/admin-events?resourcePath=token-broker/upstreams/" + id + "&operationTypes=CREATE").get(0);
            assertThat(event.get("authDetails").get("userId").asText()).isNotBlank();
            assertThat(event.get("representation").asText()).contains("dbx-admin");
        } finally {
            assertThat(admin.delete(UPSTREAMS + "/" + id).status()).isEqualTo(204);
        }
        Http.Response gone = admin.get(UPSTREAMS + "/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void eachInvalidSettingIsNamedByTheSameValidationAsComponentRestAndImport() {
        String sts = platforms.emulators().awsSts().endpoint().toString();
        assertInvalid("aws-sts", config("assertion.audience", "sts.amazonaws.com", "token.endpoint", sts,
                "aws.role-arn", "arn:aws:iam::12345:role/short-account"), "aws.role-arn");
        assertInvalid("gcp-sts", config("assertion.audience", "https://iam.googleapis.com/x", "token.endpoint", sts,
                "scope.default", "https://www.googleapis.com/auth/cloud-platform", "gcp.provider", "projects/1/pools/p"), "gcp.provider");
        assertInvalid("databricks", config("assertion.audience", "https://dbx.example", "scope.default", "all-apis",
                "token.endpoint", "https://169.254.169.254/latest/meta-data"), "token.endpoint");
        assertInvalid("databricks", config("assertion.audience", "https://dbx.example", "scope.default", "all-apis",
                "token.endpoint", sts, "assertion.lifetime", "5"), "assertion.lifetime");
        assertInvalid("rfc8693", config("assertion.audience", "https://partner.example/sts", "token.endpoint", sts,
                "scope.default", "read", "scope.allowed", "read wr\"ite"), "scope.allowed");
        assertInvalid("snowflake", config("assertion.audience", "https://acme.snowflakecomputing.com",
                "snowflake.role-mapping", "analyst->ANALYST"), "snowflake.role-mapping");
        assertInvalid("databricks", config("assertion.audience", "https://dbx.example", "scope.default", "all-apis",
                "token.endpoint", sts, "policy.engine", "builtin", "policy.groups", "analysts"), "policy.groups");
        Http.Response clash = admin.post(UPSTREAMS + "/validate", Map.of("alias", "databricks", "type", "databricks",
                "config", config("assertion.audience", "https://dbx.example", "scope.default", "all-apis", "token.endpoint", sts)));
        assertThat(clash.json().get("fields").findValuesAsText("field")).as("%s", clash).containsExactly("alias");
        Http.Response unknownType = admin.post(UPSTREAMS + "/validate", Map.of("alias", "x", "type", "oracle", "config", Map.of()));
        assertThat(unknownType.json().get("fields").findValuesAsText("field")).containsExactly("type");

        Http.Response viaComponents = Upstreams.create(acme, "arn-check", "aws-sts", Map.of("assertion.audience", "sts.amazonaws.com",
                "token.endpoint", sts, "aws.role-arn", "arn:aws:iam::12345:role/short-account"));
        assertThat(viaComponents.status()).as("component REST refuses the same way").isEqualTo(400);
        assertThat(viaComponents.body()).contains("aws.role-arn");

        Http.Response valid = admin.post(UPSTREAMS + "/validate", Map.of("alias", "dbx-valid", "type", "databricks",
                "config", config("assertion.audience", "https://dbx.example", "scope.default", "all-apis", "token.endpoint", sts)));
        assertThat(valid.status()).as("%s", valid).isEqualTo(200);
        assertThat(valid.json().get("fields")).isEmpty();
        assertThat(admin.getJson(UPSTREAMS).findValuesAsText("alias")).as("validate saves nothing").doesNotContain("dbx-valid");
    }

    @Test
    void secretsAreWriteOnlyAndAMaskedValueKeepsTheStoredOne() {
        String token = platforms.emulators().rfc8693().tokenUri().toString();
        Map<String, Object> form = Map.of("alias", "partner-admin", "type", "rfc8693", "config", config(
                "assertion.audience", "https://partner.example/sts", "token.endpoint", token, "scope.default", "read",
                "rfc8693.audience", "partner-api", "rfc8693.client-auth", "client_secret_basic",
                "rfc8693.client-id", "acme-keycloak", "rfc8693.client-secret", "demo-partner-secret"));
        String id = admin.post(UPSTREAMS, form).json().get("id").asText();
        try {
            JsonNode read = admin.getJson(UPSTREAMS + "/" + id);
            assertThat(read.get("config").get("rfc8693.client-secret").get(0).asText()).isEqualTo("**********");
            assertThat(read.toString()).doesNotContain("demo-partner-secret");
            assertThat(admin.getJson(UPSTREAMS).toString()).doesNotContain("demo-partner-secret");

            Map<String, Object> sentBack = Map.of("alias", "partner-admin", "type", "rfc8693", "config", Http.JSON.convertValue(read.get("config"), Map.class));
            assertThat(admin.put(UPSTREAMS + "/" + id, sentBack).status()).isEqualTo(204);
            Http.Response exchanged = acme.exchange("mcp-gateway", "demo-mcp-gateway-secret").subject(acme.aliceViaClaude()).audience("partner-admin").post();
            assertThat(exchanged.status()).as("the stored secret still authenticates: %s", exchanged).isEqualTo(200);
            JsonNode update = acme.admin().getJson("/admin-events?resourcePath=token-broker/upstreams/" + id + "&operationTypes=UPDATE").get(0);
            assertThat(update.get("representation").asText()).contains("**********").doesNotContain("demo-partner-secret");

            Map<String, Object> vault = new LinkedHashMap<>(Http.JSON.convertValue(read.get("config"), Map.class));
            vault.put("rfc8693.client-secret", List.of("${vault.partner-secret}"));
            assertThat(admin.put(UPSTREAMS + "/" + id, Map.of("alias", "partner-admin", "type", "rfc8693", "config", vault)).status()).isEqualTo(204);
            assertThat(admin.getJson(UPSTREAMS + "/" + id).get("config").get("rfc8693.client-secret").get(0).asText())
                    .as("a vault reference is shown as it is").isEqualTo("${vault.partner-secret}");
        } finally {
            admin.delete(UPSTREAMS + "/" + id);
        }
    }

    @Test
    void aViewOnlyAdminReadsButChangesNothingAndNobodyElseGetsIn() {
        BrokerAdmin viewer = BrokerAdmin.realmUser(acme, "upstream-viewer", "view-realm");
        BrokerAdmin manager = BrokerAdmin.realmUser(acme, "upstream-manager", "view-realm", "manage-realm");
        String databricksId = byKey(viewer.getJson(UPSTREAMS), "alias", "databricks").get("id").asText();
        Map<String, Object> form = databricks("dbx-viewer", platforms.emulators().databricks().workspaceTokenUri().toString());

        assertThat(viewer.get(UPSTREAMS + "/types").status()).isEqualTo(200);
        assertThat(viewer.get(UPSTREAMS + "/" + databricksId).status()).isEqualTo(200);
        assertThat(viewer.post(UPSTREAMS, form).status()).isEqualTo(403);
        assertThat(viewer.post(UPSTREAMS + "/validate", form).status()).isEqualTo(403);
        assertThat(viewer.put(UPSTREAMS + "/" + databricksId, form).status()).isEqualTo(403);
        assertThat(viewer.delete(UPSTREAMS + "/" + databricksId).status()).isEqualTo(403);
        assertThat(BrokerAdmin.anonymous(acme).get(UPSTREAMS).status()).isEqualTo(401);
        assertThat(admin.getJson(UPSTREAMS + "/" + databricksId).get("alias").asText()).isEqualTo("databricks");

        Http.Response created = manager.post(UPSTREAMS, form);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(manager.delete(UPSTREAMS + "/" + created.json().get("id").asText()).status()).isEqualTo(204);
    }

    @Test
    void aBodyThatIsNotJsonIsTheCallersMistake() {
        Http.Response malformed = admin.send("POST", UPSTREAMS, "{\"alias\": \"x\", \"type\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).isEqualTo("invalid_json");
        Http.Response wrongShape = admin.send("POST", UPSTREAMS + "/validate", "[1, 2]");
        assertThat(wrongShape.status()).isEqualTo(400);
        String databricksId = byKey(admin.getJson(UPSTREAMS), "alias", "databricks").get("id").asText();
        assertThat(admin.send("PUT", UPSTREAMS + "/" + databricksId, "not json").status()).isEqualTo(400);
        assertThat(admin.get(UPSTREAMS + "/no-such-id").status()).isEqualTo(404);
    }

    private void assertInvalid(String type, Map<String, List<String>> config, String field) {
        Http.Response response = admin.post(UPSTREAMS + "/validate", Map.of("alias", "check-" + type, "type", type, "config", config));
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(response.json().get("fields").findValuesAsText("field")).as("%s", response).contains(field);
    }

    private static Map<String, Object> databricks(String alias, String endpoint) {
        return new LinkedHashMap<>(Map.of("alias", alias, "type", "databricks", "config", new LinkedHashMap<>(config(
                "assertion.audience", "https://" + alias + ".example", "token.endpoint", endpoint,
                "scope.default", "all-apis", "subject.source", "email"))));
    }

    static Map<String, List<String>> config(String... keyValues) {
        Map<String, List<String>> config = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return config;
    }

    static JsonNode byKey(JsonNode array, String key, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(key).asText())) {
                return element;
            }
        }
        throw new AssertionError("no element with " + key + "=" + value + " in " + array);
    }
}
