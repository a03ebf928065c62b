package dev.tokenbroker.emulators;

import dev.tokenbroker.emulators.databricks.FederationPolicy;
import dev.tokenbroker.emulators.rfc8693.ClientAuthMethod;
import dev.tokenbroker.emulators.rfc8693.PartnerClient;
import dev.tokenbroker.emulators.rfc8693.TrustedIssuer;
import dev.tokenbroker.emulators.snowflake.UserMappingAttribute;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatorConfigTest {

    private final EmulatorConfig demo = EmulatorConfig.demo(URI.create(AcmeDemo.DEFAULT_ISSUER));

    @Test
    void whenDemoWrittenAsJsonAndReadBackThenEqual() {
        assertThat(EmulatorConfig.fromJson(demo.toJson())).isEqualTo(demo);
    }

    @Test
    void whenDemoBuiltThenRealmFacingValuesAreTheDocumentedOnes() {
        FederationPolicy realm = demo.databricks().accountPolicy(AcmeDemo.DEFAULT_ISSUER).orElseThrow();
        assertThat(realm.audiences()).containsExactly("https://acme.cloud.databricks.com");
        assertThat(realm.subjectClaim()).isEqualTo("sub");
        FederationPolicy corporate = demo.databricks().accountPolicy(AcmeDemo.DEFAULT_CORPORATE_ISSUER).orElseThrow();
        assertThat(corporate.audiences()).containsExactly("acme-broker");
        assertThat(corporate.subjectClaim()).isEqualTo("email");
        assertThat(demo.databricks().isProvisioned("carol@acme.test")).isTrue();
        assertThat(demo.awsSts().provider().clientIds()).containsExactly("sts.amazonaws.com");
        assertThat(demo.awsSts().provider().arn(AcmeDemo.AWS_ACCOUNT_ID))
                .isEqualTo("arn:aws:iam::123456789012:oidc-provider/localhost:8080/realms/acme");
        assertThat(demo.gcpSts().providers().get(0).effectiveAudiences()).containsExactly(
                "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak",
                "https://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-pool/providers/keycloak");
        assertThat(demo.gcpSts().providers().get(0).subjectClaim()).isEqualTo("sub");
        assertThat(demo.gcpSts().provider(AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME).orElseThrow().effectiveAudiences())
                .containsExactly("acme-broker");
        assertThat(demo.rfc8693().trustedIssuers()).containsExactly(
                new TrustedIssuer(AcmeDemo.DEFAULT_CORPORATE_ISSUER, java.util.List.of("acme-broker")));
        assertThat(demo.snowflake().audiences()).containsExactly("https://acme.snowflakecomputing.com");
        assertThat(demo.snowflake().userMappingClaim()).isEqualTo("sub");
        assertThat(demo.snowflake().scopeMappingAttribute()).isEqualTo("scp");
        assertThat(demo.snowflake().userMappingAttribute()).isEqualTo(UserMappingAttribute.EMAIL_ADDRESS);
        assertThat(demo.snowflake().blockedRoles()).contains("ACCOUNTADMIN");
        assertThat(demo.rfc8693().subjectTokenAudiences()).containsExactly("https://partner.example/sts");
        assertThat(demo.rfc8693().targetAudiences()).containsExactly("partner-api");
        assertThat(demo.rfc8693().allowedScopes()).containsExactly("read", "write");
        assertThat(demo.rfc8693().clients()).containsExactly(
                PartnerClient.secretBasic("acme-keycloak", "demo-partner-secret"),
                PartnerClient.privateKeyJwt("acme-keycloak-jwt", AcmeDemo.DEFAULT_ISSUER));
    }

    @Test
    void whenDemoPrintedThenClientAuthMethodsUseRegistryNamesAndToStringHidesTheSecret() {
        assertThat(demo.toJson()).contains("\"authMethod\" : \"client_secret_basic\"")
                .contains("\"authMethod\" : \"private_key_jwt\"");
        assertThat(demo.rfc8693().toString()).doesNotContain(AcmeDemo.PARTNER_CLIENT_SECRET);
    }

    @Test
    void whenRealmIssuerMovedThenEveryTrustOfItMovesAndTheCorporateTrustsStay() {
        EmulatorConfig moved = demo.movingIssuer(AcmeDemo.DEFAULT_ISSUER, "https://sso.acme.test/realms/acme");

        assertThat(moved.databricks().accountPolicies()).extracting(FederationPolicy::issuer)
                .containsExactly("https://sso.acme.test/realms/acme", AcmeDemo.DEFAULT_CORPORATE_ISSUER);
        assertThat(moved.databricks().servicePrincipalPolicies().get(0).oidc().issuer())
                .isEqualTo("https://sso.acme.test/realms/acme");
        assertThat(moved.awsSts().provider().url()).isEqualTo("https://sso.acme.test/realms/acme");
        assertThat(moved.gcpSts().providers().get(0).issuer()).isEqualTo("https://sso.acme.test/realms/acme");
        assertThat(moved.gcpSts().provider(AcmeDemo.GCP_WORKFORCE_PROVIDER_NAME).orElseThrow().issuer())
                .isEqualTo(AcmeDemo.DEFAULT_CORPORATE_ISSUER);
        assertThat(moved.snowflake().issuer()).isEqualTo("https://sso.acme.test/realms/acme");
        assertThat(moved.rfc8693().issuer()).isEqualTo("https://sso.acme.test/realms/acme");
        assertThat(moved.rfc8693().trustedIssuers().get(0).issuer()).isEqualTo(AcmeDemo.DEFAULT_CORPORATE_ISSUER);
        assertThat(moved.rfc8693().client(AcmeDemo.PARTNER_JWT_CLIENT_ID).orElseThrow().jwksIssuer())
                .isEqualTo("https://sso.acme.test/realms/acme");
    }

    @Test
    void whenTwoAccountPoliciesNameOneIssuerThenRejected() {
        FederationPolicy policy = new FederationPolicy("http://i", java.util.List.of(), null);

        assertThatThrownBy(() -> new dev.tokenbroker.emulators.databricks.DatabricksConfig("a1",
                java.util.List.of(policy, policy.withSubjectClaim("email")), null, null))
                .hasMessageContaining("one account federation policy per issuer");
    }

    @Test
    void whenJsonHasUnknownFieldThenRejectedNamingIt() {
        String json = demo.toJson().replaceFirst("\\{", "{\"databrick\":{},");

        assertThatThrownBy(() -> EmulatorConfig.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("databrick");
    }

    @Test
    void whenOptionalFieldsOmittedThenPlatformDefaultsApply() {
        String json = """
                {"databricks":{"accountId":"a1","accountPolicies":[{"issuer":"http://i"}]},
                 "awsSts":{"accountId":"123456789012","provider":{"url":"http://i","clientIds":["sts.amazonaws.com"]},
                           "roles":[{"arn":"arn:aws:iam::123456789012:role/r"}]},
                 "gcpSts":{},
                 "snowflake":{"issuer":"http://i","audiences":["https://a.snowflakecomputing.com"]},
                 "rfc8693":{"issuer":"http://i","subjectTokenAudiences":["https://p.example"],
                            "clients":[{"clientId":"c1","authMethod":"none"}]}}
                """;

        EmulatorConfig config = EmulatorConfig.fromJson(json);

        assertThat(config.databricks().accountPolicy("http://i").orElseThrow().subjectClaim()).isEqualTo("sub");
        assertThat(config.databricks().accountPolicy("http://i").orElseThrow().effectiveAudiences("a1")).containsExactly("a1");
        assertThat(config.awsSts().roles().get(0).maxSessionDurationSeconds()).isEqualTo(3600);
        assertThat(config.snowflake().scopeMappingAttribute()).isEqualTo("scp");
        assertThat(config.snowflake().userMappingAttribute()).isEqualTo(UserMappingAttribute.LOGIN_NAME);
        assertThat(config.rfc8693().targetAudiences()).isEmpty();
        assertThat(config.rfc8693().allowedScopes()).isEmpty();
        assertThat(config.rfc8693().trustedIssuers()).isEmpty();
        assertThat(config.rfc8693().client("c1").orElseThrow().authMethod()).isEqualTo(ClientAuthMethod.NONE);
    }
}
