package dev.tokenbroker.it.upstream;

import static dev.tokenbroker.it.support.OAuthAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.KeycloakServer;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;
import dev.tokenbroker.it.support.TestDns;
import dev.tokenbroker.it.support.Upstreams;

/**
 * Where an upstream may send users' assertions (issue #9, items 1 and 10): never to a cloud metadata
 * service or a link-local address, however the address is written or whatever name resolves to it;
 * plain http only to loopback addresses. Refused on every save path (admin create and update: 400
 * naming the setting; realm import: nothing created) and again when a call connects, since a name may
 * resolve elsewhere after it was saved; that is the only way past a save, every path that stores an
 * upstream validates it. Names are resolved through {@link TestDns}.
 */
@RealKeycloak
class OutboundUrlIT {

    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @AfterEach
    void removeCreated(Realm acme) {
        created.forEach(id -> Upstreams.delete(acme, id));
        created.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "https://169.254.10.10/token",
            "https://169.254.170.2/v2/credentials",
            "https://[fd00:ec2::254]/latest/api/token",
            "https://[fe80::1]/token",
            "https://2852039166/token",
            "https://0xa9fea9fe/token",
            "https://169.254.43518/token",
            "https://0251.0376.0251.0376/token",
            "https://[::ffff:169.254.169.254]/token",
            "https://[::169.254.169.254]/token",
            "https://[64:ff9b::a9fe:a9fe]/token",
            "https://100.100.100.200/latest/meta-data/",
            "https://192.0.0.192/latest/",
            "https://168.63.129.16/machine",
            "https://0.0.0.0/token",
            "https://[::]/token",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/",
            "https://metadata.goog/computeMetadata/v1/",
            "https://metadata/computeMetadata/v1/",
            "https://instance-data/latest/meta-data/",
            "https://instance-data.ec2.internal/latest/meta-data/",
            "https://metadata.azure.com/metadata/instance",
    })
    void metadataAndLinkLocalDestinationsAreRefusedWhenCreated(String endpoint, Realm acme, Platforms platforms) {
        Http.Response response = create(acme, "outbound-bad", databricks(endpoint));

        assertRefused(response, "token.endpoint host");
    }

    @Test
    void aHostThatOnlyStartsLikeLoopbackIsNotLoopbackForPlainHttp(Realm acme, Platforms platforms) {
        Http.Response response = create(acme, "outbound-fake-loopback", databricks("http://127.0.0.1.evil.example/token"));

        assertRefused(response, "token.endpoint must use https");
        assertThat(response.body()).contains("127.0.0.1.evil.example does not resolve");
    }

    @Test
    void loopbackSpelledInAFormParsersDisagreeOnIsRefused(Realm acme, Platforms platforms) {
        String port = String.valueOf(platforms.baseUri().getPort());

        assertRefused(create(acme, "outbound-hex-loopback", databricks("http://0x7f000001:" + port + "/databricks/oidc/v1/token")),
                "token.endpoint host 0x7f000001 is 127.0.0.1");
    }

    @Test
    void localhostAndLoopbackAddressesStillServePlainHttpEmulators(Realm acme, Platforms platforms) {
        String localhost = platforms.emulators().databricks().workspaceTokenUri().toString().replace("127.0.0.1", "localhost");
        created.add(Upstreams.createValid(acme, "outbound-localhost", "databricks", databricks(localhost)));

        Http.Response response = UpstreamExchanges.forAlice(acme).audience("outbound-localhost").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(platforms.emulators().databricks().calls()).isEqualTo(1);
    }

    @Test
    void aForbiddenDestinationIsRefusedOnUpdateAndTheSavedOneKept(Realm acme, Platforms platforms) {
        String endpoint = platforms.emulators().databricks().workspaceTokenUri().toString();
        String id = Upstreams.createValid(acme, "outbound-update", "databricks", databricks(endpoint));
        created.add(id);

        for (String forbidden : List.of("https://169.254.169.254/latest/meta-data/", "https://2852039166/token", "https://[fd00:ec2::254]/")) {
            ObjectNode component = (ObjectNode) acme.admin().getJson("/components/" + id);
            ((ObjectNode) component.get("config")).putArray("token.endpoint").add(forbidden);

            assertRefused(acme.admin().put("/components/" + id, component), "token.endpoint host");
        }
        assertThat(acme.admin().getJson("/components/" + id).path("config").path("token.endpoint").get(0).asText()).isEqualTo(endpoint);
    }

    @Test
    void aRealmImportWithAnUpstreamAimedAtMetadataIsRefused(Realm acme, Platforms platforms, KeycloakServer server) {
        String realm = "outbound-import";
        Map<String, String> good = databricks(platforms.emulators().databricks().workspaceTokenUri().toString());
        Map<String, String> bad = databricks("https://0xa9fea9fe/latest/meta-data/");

        Http.Response refused = acme.admin().importRealm(realmWithUpstream(realm, bad));

        assertThat(refused.status()).as("%s", refused).isGreaterThanOrEqualTo(400);
        assertThat(acme.other(realm).admin().get("").status()).as("no realm was created").isEqualTo(404);
        assertThat(server.logTail(400)).contains("ComponentValidationException: token.endpoint host 0xa9fea9fe is 169.254.169.254");
        // Keycloak's realm import answers any component's validation refusal alike (500 in 26.7.3, its own key providers
        // included): it maps ComponentValidationException to 400 only on the components endpoint.
        Http.Response keyProviderRefused = acme.admin().importRealm(realmWithInvalidKeyProvider(realm));
        assertThat(refused.status()).isEqualTo(keyProviderRefused.status());

        Http.Response control = acme.admin().importRealm(realmWithUpstream(realm, good));
        try {
            assertThat(control.status()).as("the same realm with a good endpoint: %s", control).isEqualTo(201);
        } finally {
            acme.other(realm).admin().delete("");
        }
    }

    @Test
    void theGcpIamCredentialsEndpointIsJudgedLikeTheTokenEndpoint(Realm acme, Platforms platforms) {
        for (String forbidden : List.of("https://169.254.169.254/computeMetadata/v1/", "https://metadata.google.internal",
                "https://[fe80::a9fe:a9fe]", "http://127.0.0.1.evil.example")) {
            assertRefused(create(acme, "outbound-gcp-bad", gcp(platforms, forbidden)), "gcp.iamcredentials-endpoint");
        }
    }

    @Test
    void aNameResolvingToAMetadataAddressIsRefusedWhenSaved(Realm acme, Platforms platforms) {
        assumeTrue(TestDns.isActive(), "the server resolves names through the test hosts file");
        TestDns.map("imds.outbound.test", "169.254.169.254");
        TestDns.map("mixed.outbound.test", "192.0.2.10", "fe80::1");
        TestDns.map("plain.outbound.test", "192.0.2.11");

        assertRefused(create(acme, "outbound-imds-name", databricks("https://imds.outbound.test/latest/meta-data/")),
                "token.endpoint host imds.outbound.test resolves to 169.254.169.254");
        assertRefused(create(acme, "outbound-mixed-name", databricks("https://mixed.outbound.test/token")),
                "token.endpoint host mixed.outbound.test resolves to fe80:0:0:0:0:0:0:1");
        assertRefused(create(acme, "outbound-plain-remote", databricks("http://plain.outbound.test/token")),
                "token.endpoint must use https");
        assertRefused(create(acme, "outbound-gcp-imds-name", gcp(platforms, "https://imds.outbound.test")),
                "gcp.iamcredentials-endpoint host imds.outbound.test resolves to 169.254.169.254");
    }

    @Test
    void aNameThatResolvesToMetadataAfterItWasSavedIsRefusedWhenCalled(Realm acme, Platforms platforms) {
        assumeTrue(TestDns.isActive(), "the server resolves names through the test hosts file");
        TestDns.map("rebind.outbound.test", "192.0.2.20");
        created.add(Upstreams.createValid(acme, "outbound-rebind", "databricks",
                databricks("https://rebind.outbound.test/oidc/v1/token")));

        TestDns.map("rebind.outbound.test", "169.254.169.254");
        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("outbound-rebind").post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText())
                .startsWith("outbound-rebind: destination refused: host rebind.outbound.test resolves to 169.254.169.254");
        JsonNode event = acme.admin().events("TOKEN_EXCHANGE_ERROR").get(0);
        assertThat(event.path("details").path("upstream").asText()).isEqualTo("outbound-rebind");
        assertThat(event.toString()).doesNotContain("eyJ");
    }

    @Test
    void theGcpIamCredentialsHostIsJudgedAgainWhenCalled(Realm acme, Platforms platforms) {
        assumeTrue(TestDns.isActive(), "the server resolves names through the test hosts file");
        TestDns.map("iam-rebind.outbound.test", "192.0.2.21");
        created.add(Upstreams.createValid(acme, "outbound-gcp-rebind", "gcp-sts", gcp(platforms, "https://iam-rebind.outbound.test")));

        TestDns.map("iam-rebind.outbound.test", "fd00:ec2::254");
        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("outbound-gcp-rebind").post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText())
                .startsWith("outbound-gcp-rebind: destination refused: host iam-rebind.outbound.test resolves to fd00:ec2:0:0:0:0:0:254");
        assertThat(platforms.emulators().gcpSts().calls()).as("the STS step ran, impersonation did not").isEqualTo(1);
    }

    @Test
    void plainHttpFollowsANameOnlyWhileItResolvesToLoopback(Realm acme, Platforms platforms) {
        assumeTrue(TestDns.isActive(), "the server resolves names through the test hosts file");
        String path = platforms.emulators().databricks().workspaceTokenUri().getRawPath();
        int port = platforms.baseUri().getPort();
        TestDns.map("local.outbound.test", "127.0.0.1");
        TestDns.map("moving.outbound.test", "127.0.0.1");
        created.add(Upstreams.createValid(acme, "outbound-local-name", "databricks",
                databricks("http://local.outbound.test:" + port + path)));
        created.add(Upstreams.createValid(acme, "outbound-moving-name", "databricks",
                databricks("http://moving.outbound.test:" + port + path)));

        assertThat(UpstreamExchanges.forAlice(acme).audience("outbound-local-name").post().status()).isEqualTo(200);

        TestDns.map("moving.outbound.test", "192.0.2.30");
        JsonNode error = assertOAuthError(UpstreamExchanges.forAlice(acme).audience("outbound-moving-name").post(), 503, "temporarily_unavailable");

        assertThat(error.get("error_description").asText()).contains("192.0.2.30, not a loopback address");
        assertThat(platforms.emulators().databricks().calls()).as("only the loopback call reached the platform").isEqualTo(1);
    }

    private Http.Response create(Realm acme, String alias, Map<String, String> config) {
        Http.Response response = Upstreams.create(acme, alias, config.remove("providerId"), config);
        if (response.status() == 201) {
            String location = response.header("Location");
            created.add(location.substring(location.lastIndexOf('/') + 1));
        }
        return response;
    }

    private static void assertRefused(Http.Response response, String message) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains(message);
    }

    private static Map<String, String> databricks(String tokenEndpoint) {
        return new HashMap<>(Map.of(
                "providerId", "databricks",
                "assertion.audience", "https://acme.cloud.databricks.com",
                "token.endpoint", tokenEndpoint,
                "scope.default", "all-apis",
                "subject.source", "email",
                "cache.enabled", "false"));
    }

    private static Map<String, String> gcp(Platforms platforms, String iamCredentialsEndpoint) {
        String provider = "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak";
        return new HashMap<>(Map.of(
                "providerId", "gcp-sts",
                "assertion.audience", "https:" + provider,
                "token.endpoint", platforms.emulators().gcpSts().tokenUri().toString(),
                "gcp.provider", provider,
                "scope.default", "https://www.googleapis.com/auth/cloud-platform",
                "gcp.service-account", "analyst@acme-data.iam.gserviceaccount.com",
                "gcp.iamcredentials-endpoint", iamCredentialsEndpoint,
                "subject.source", "email",
                "cache.enabled", "false"));
    }

    private static ObjectNode realmWithInvalidKeyProvider(String realm) {
        ObjectNode representation = Http.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        representation.putObject("components").putArray("org.keycloak.keys.KeyProvider").addObject()
                .put("name", "rsa").put("providerId", "rsa-generated")
                .putObject("config").putArray("priority").add("not-a-number");
        return representation;
    }

    private static ObjectNode realmWithUpstream(String realm, Map<String, String> config) {
        ObjectNode representation = Http.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        ObjectNode upstream = representation.putObject("components").putArray(Platforms.UPSTREAM_TYPE).addObject()
                .put("name", "imported").put("providerId", config.get("providerId"));
        ObjectNode values = upstream.putObject("config");
        config.forEach((key, value) -> {
            if (!key.equals("providerId")) {
                values.putArray(key).add(value);
            }
        });
        return representation;
    }
}
