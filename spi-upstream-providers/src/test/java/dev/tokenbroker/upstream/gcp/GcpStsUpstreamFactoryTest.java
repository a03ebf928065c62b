package dev.tokenbroker.upstream.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;

/**
 * The IAM Credentials endpoint receives the federated token: it is held to the token endpoint's destination rules.
 * Workforce pools need the project billed for their tokens; what STS is told the forwarded token is.
 */
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

    @Test
    void whenAWorkforcePoolHasNoUserProjectThenRefusedAndWithOneAccepted() {
        ComponentModel model = gcp("https://iamcredentials.googleapis.com");
        model.put(GcpStsUpstreamFactory.PROVIDER_AUDIENCE, "//iam.googleapis.com/locations/global/workforcePools/staff/providers/corp");

        assertThatThrownBy(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true)))
                .hasMessage("gcp.user-project is required for a workforce pool provider");
        model.put(GcpStsUpstreamFactory.USER_PROJECT, "123456789");
        assertThatCode(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true))).doesNotThrowAnyException();
        model.put(GcpStsUpstreamFactory.USER_PROJECT, "Not A Project");
        assertThatThrownBy(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true)))
                .hasMessage("gcp.user-project must be a project number or project ID");
    }

    @Test
    void whenAWorkloadPoolNamesAUserProjectThenRefused() {
        ComponentModel model = gcp("https://iamcredentials.googleapis.com");
        model.put(GcpStsUpstreamFactory.USER_PROJECT, "my-project");

        assertThatThrownBy(() -> factory.validatePlatform(model, UpstreamSettings.from(model, true)))
                .hasMessage("gcp.user-project applies to workforce pool providers only");
    }

    @Test
    void whenTheForwardedTokenIsAnIdTokenThenStsIsToldSoAndEveryOtherJwtGoesAsAJwt() {
        assertThat(GcpStsUpstream.subjectTokenType(assertion(OAuth2Constants.ID_TOKEN_TYPE))).isEqualTo(OAuth2Constants.ID_TOKEN_TYPE);
        assertThat(GcpStsUpstream.subjectTokenType(assertion(OAuth2Constants.JWT_TOKEN_TYPE))).isEqualTo(OAuth2Constants.JWT_TOKEN_TYPE);
        // STS reads ...:access_token as a Google-issued token; an IdP's access token that is a JWT is a JWT to it
        assertThat(GcpStsUpstream.subjectTokenType(assertion(OAuth2Constants.ACCESS_TOKEN_TYPE))).isEqualTo(OAuth2Constants.JWT_TOKEN_TYPE);
    }

    private static MintedAssertion assertion(String tokenType) {
        return new MintedAssertion("h.p.s", "jti-1", 0, 300, tokenType);
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
