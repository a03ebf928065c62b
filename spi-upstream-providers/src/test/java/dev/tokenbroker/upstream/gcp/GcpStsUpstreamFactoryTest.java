package dev.tokenbroker.upstream.gcp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.upstream.UpstreamSettings;

/** The IAM Credentials endpoint receives the federated token: it is held to the token endpoint's destination rules. */
class GcpStsUpstreamFactoryTest {

    private final GcpStsUpstreamFactory factory = new GcpStsUpstreamFactory();

    @Test
    void whenTheIamCredentialsEndpointIsAMetadataServiceThenRefusedNamingTheSetting() {
        for (String endpoint : new String[] {"https://169.254.169.254", "https://metadata.google.internal", "https://2852039166",
                "https://[fe80::1]", "http://127.0.0.1.evil.example"}) {
            ComponentModel model = gcp(endpoint);

            assertThatThrownBy(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true)))
                    .as(endpoint).isInstanceOf(ComponentValidationException.class).hasMessageStartingWith("gcp.iamcredentials-endpoint ");
        }
    }

    @Test
    void whenTheIamCredentialsEndpointIsGoogleOrALoopbackEmulatorThenAccepted() {
        for (String endpoint : new String[] {"https://iamcredentials.googleapis.com", "http://127.0.0.1:8090/gcp-iamcredentials"}) {
            ComponentModel model = gcp(endpoint);

            assertThatCode(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true))).as(endpoint).doesNotThrowAnyException();
        }
    }

    private static ComponentModel gcp(String iamCredentials) {
        ComponentModel model = new ComponentModel();
        model.setName("gcp-test");
        model.setConfig(new MultivaluedHashMap<>());
        model.put(UpstreamSettings.ASSERTION_AUDIENCE, "https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/k");
        model.put(UpstreamSettings.TOKEN_ENDPOINT, "https://sts.googleapis.com/v1/token");
        model.put(UpstreamSettings.SCOPE_DEFAULT, "https://www.googleapis.com/auth/cloud-platform");
        model.put(GcpStsUpstreamFactory.PROVIDER_AUDIENCE, "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/k");
        model.put(GcpStsUpstreamFactory.IAM_CREDENTIALS_ENDPOINT, iamCredentials);
        return model;
    }
}
