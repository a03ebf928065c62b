package dev.tokenbroker.emulators;

import dev.tokenbroker.emulators.support.TestIssuer;
import dev.tokenbroker.emulators.support.Wire;
import dev.tokenbroker.emulators.support.XmlBody;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorServerTest {

    @Test
    void whenStartedThenOnLoopbackWithOneContextPerPlatform() {
        try (TestIssuer issuer = TestIssuer.start();
             EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(issuer.issuerUri()))) {
            assertThat(server.baseUri().toString()).startsWith("http://127.0.0.1:").endsWith(":" + server.port());
            assertThat(server.emulators()).extracting(e -> e.baseUri().getPath())
                    .containsExactly("/databricks", "/aws-sts", "/gcp-sts", "/snowflake", "/rfc8693", "/opa", "/github");
        }
    }

    @Test
    void whenIssuerStartsAfterTheEmulatorThenKeysFetchedOnFirstUseOnceItIsUp() {
        try (TestIssuer issuer = TestIssuer.start();
             EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(issuer.issuerUri()))) {
            issuer.available(false);
            Map<String, String> form = Map.of("Action", "AssumeRoleWithWebIdentity", "Version", "2011-06-15",
                    "RoleArn", AcmeDemo.AWS_ANALYST_ROLE_ARN, "RoleSessionName", "s1",
                    "WebIdentityToken", issuer.token().audience(AcmeDemo.AWS_AUDIENCE).sign());

            HttpResponse<String> down = Wire.postForm(server.awsSts().endpoint(), form);
            issuer.available(true);
            HttpResponse<String> up = Wire.postForm(server.awsSts().endpoint(), form);

            assertThat(down.statusCode()).isEqualTo(400);
            assertThat(XmlBody.of(down.body()).text("Code")).isEqualTo("IDPCommunicationError");
            assertThat(up.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenUnknownPathThenPlatformStyle404() {
        try (TestIssuer issuer = TestIssuer.start();
             EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(issuer.issuerUri()))) {
            HttpResponse<String> response = Wire.get(server.gcpSts().baseUri().resolve("/gcp-sts/v2/nothing"), null);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("\"status\":\"NOT_FOUND\"");
        }
    }
}
