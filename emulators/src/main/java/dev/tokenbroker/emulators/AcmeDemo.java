package dev.tokenbroker.emulators;

import dev.tokenbroker.emulators.aws.AwsRole;
import dev.tokenbroker.emulators.aws.AwsStsConfig;
import dev.tokenbroker.emulators.aws.OidcProvider;
import dev.tokenbroker.emulators.databricks.DatabricksConfig;
import dev.tokenbroker.emulators.databricks.FederationPolicy;
import dev.tokenbroker.emulators.databricks.ServicePrincipalPolicy;
import dev.tokenbroker.emulators.gcp.GcpStsConfig;
import dev.tokenbroker.emulators.gcp.ServiceAccount;
import dev.tokenbroker.emulators.gcp.WorkloadIdentityProvider;
import dev.tokenbroker.emulators.github.GitHubConfig;
import dev.tokenbroker.emulators.github.GitHubUser;
import dev.tokenbroker.emulators.rfc8693.PartnerClient;
import dev.tokenbroker.emulators.rfc8693.PartnerStsConfig;
import dev.tokenbroker.emulators.rfc8693.TrustedIssuer;
import dev.tokenbroker.emulators.snowflake.AnyRoleMode;
import dev.tokenbroker.emulators.snowflake.SnowflakeConfig;
import dev.tokenbroker.emulators.snowflake.SnowflakeUser;
import dev.tokenbroker.emulators.snowflake.UserMappingAttribute;

import java.util.List;

/**
 * The demo company "acme": every value the Keycloak realm must match, in one place. The module's
 * README lists the same values; tests on both sides use these constants.
 *
 * <p>Subjects are e-mail addresses everywhere, taken from the {@code sub} claim: the Keycloak extension
 * mints one token per platform whose {@code sub} is already the user as that platform knows her (her
 * address, e.g. {@code alice@acme.test}) and carries no {@code email} claim. Snowflake reads its role
 * scopes from the {@code scp} array. The partner STS knows the realm as two clients: one authenticating
 * with HTTP Basic and a secret, one with client assertions signed by the realm key.
 *
 * <p>Brokered exchange: Databricks, GCP (a workforce pool) and the partner STS also trust the corporate
 * IdP directly, for the corporate ID tokens the broker forwards ({@code aud} = the broker's client at the
 * corporate IdP). Those trusts map the user by {@code email}, since the IdP's {@code sub} is an opaque id.
 */
public final class AcmeDemo {

    public static final String DEFAULT_ISSUER = "http://localhost:8080/realms/acme";
    /**
     * The demo's corporate IdP (realm {@code corporate} of the same Keycloak). Keycloak names the issuer
     * after the host it is reached by, so the acme realm's identity provider reaches it at {@code localhost},
     * as users reach acme: the sign-in, the code redemption and every refresh must agree on one issuer.
     */
    public static final String DEFAULT_CORPORATE_ISSUER = "http://localhost:8080/realms/corporate";
    /** Carol exists only at the corporate IdP; she reaches the platforms through brokered exchange. */
    public static final String CAROL_EMAIL = "carol@acme.test";
    /**
     * The corporate IdP's client that the acme realm brokers through: the {@code aud} of the corporate ID
     * tokens the broker forwards, so what the platforms' trust in the corporate IdP names.
     */
    public static final String CORPORATE_BROKER_CLIENT = "acme-broker";
    /** The claim the corporate trusts map users by: the corporate ID token's {@code sub} is an opaque id. */
    public static final String CORPORATE_SUBJECT_CLAIM = "email";

    public static final String ALICE_EMAIL = "alice@acme.test";
    public static final String BOB_EMAIL = "bob@acme.test";

    // Databricks
    public static final String DATABRICKS_ACCOUNT_ID = "acme-account";
    public static final String DATABRICKS_AUDIENCE = "https://acme.cloud.databricks.com";
    public static final String DATABRICKS_SUBJECT_CLAIM = "sub";
    /** Application id of the "acme-etl" service principal (workload identity federation). */
    public static final String DATABRICKS_SP_APPLICATION_ID = "5f0c6e2a-8d3b-4a1e-9c7f-2b4d6e8a0c1e";
    public static final String DATABRICKS_SP_SUBJECT_CLAIM = "azp";
    public static final String DATABRICKS_SP_SUBJECT = "acme-etl";

    // AWS
    public static final String AWS_ACCOUNT_ID = "123456789012";
    public static final String AWS_AUDIENCE = "sts.amazonaws.com";
    public static final String AWS_ANALYST_ROLE_ARN = "arn:aws:iam::123456789012:role/acme-analyst";
    /** Trusts the same provider but does not allow sts:TagSession. */
    public static final String AWS_AUDITOR_ROLE_ARN = "arn:aws:iam::123456789012:role/acme-auditor";

    // GCP
    public static final String GCP_PROJECT_NUMBER = "123456789";
    public static final String GCP_POOL_ID = "acme-pool";
    public static final String GCP_PROVIDER_ID = "keycloak";
    public static final String GCP_PROVIDER_NAME = "//iam.googleapis.com/projects/" + GCP_PROJECT_NUMBER
            + "/locations/global/workloadIdentityPools/" + GCP_POOL_ID + "/providers/" + GCP_PROVIDER_ID;
    /** The {@code aud} to mint: the provider name with {@code https:} (the bare name is accepted too). */
    public static final String GCP_AUDIENCE = "https:" + GCP_PROVIDER_NAME;
    public static final String GCP_SUBJECT_CLAIM = "sub";
    public static final String GCP_SERVICE_ACCOUNT = "analyst@acme-data.iam.gserviceaccount.com";
    public static final String GCP_ALICE_PRINCIPAL = "principal://iam.googleapis.com/projects/" + GCP_PROJECT_NUMBER
            + "/locations/global/workloadIdentityPools/" + GCP_POOL_ID + "/subject/" + ALICE_EMAIL;
    /** The workforce pool (people, organisation level) whose provider trusts the corporate IdP. */
    public static final String GCP_WORKFORCE_POOL_ID = "acme-staff";
    public static final String GCP_WORKFORCE_PROVIDER_ID = "corporate";
    public static final String GCP_WORKFORCE_PROVIDER_NAME = "//iam.googleapis.com/locations/global/workforcePools/"
            + GCP_WORKFORCE_POOL_ID + "/providers/" + GCP_WORKFORCE_PROVIDER_ID;
    /** The project billed for workforce tokens ({@code options.userProject}). */
    public static final String GCP_WORKFORCE_USER_PROJECT = GCP_PROJECT_NUMBER;

    // Snowflake
    public static final String SNOWFLAKE_ACCOUNT_URL = "https://acme.snowflakecomputing.com";
    public static final String SNOWFLAKE_USER_MAPPING_CLAIM = "sub";
    public static final String SNOWFLAKE_SCOPE_ATTRIBUTE = "scp";
    public static final String SNOWFLAKE_ANALYST_ROLE = "ANALYST";
    public static final String SNOWFLAKE_ALICE_LOGIN = "ALICE";
    public static final String SNOWFLAKE_BOB_LOGIN = "BOB";

    // Partner STS (generic RFC 8693)
    /** The {@code aud} of the subject token the realm mints for the partner. */
    public static final String PARTNER_SUBJECT_TOKEN_AUDIENCE = "https://partner.example/sts";
    /** The {@code audience} parameter of the exchange request. */
    public static final String PARTNER_TARGET_AUDIENCE = "partner-api";
    public static final String PARTNER_SCOPE_READ = "read";
    public static final String PARTNER_SCOPE_WRITE = "write";
    /** Authenticates with HTTP Basic. */
    public static final String PARTNER_SECRET_CLIENT_ID = "acme-keycloak";
    public static final String PARTNER_CLIENT_SECRET = "demo-partner-secret";
    /** Authenticates with a client assertion signed by the realm key (verified with the realm JWKS). */
    public static final String PARTNER_JWT_CLIENT_ID = "acme-keycloak-jwt";

    // GitHub (a plain OAuth 2 identity provider)
    public static final String GITHUB_CLIENT_ID = "Iv23liAcmeBroker0001";
    public static final String GITHUB_CLIENT_SECRET = "demo-github-secret";
    /** The acme realm's broker endpoint for an identity provider with alias {@code github}. */
    public static final String GITHUB_CALLBACK_URL = "http://localhost:8080/realms/acme/broker/github/endpoint";
    public static final long GITHUB_ACCESS_TOKEN_SECONDS = 28800;
    public static final long GITHUB_REFRESH_TOKEN_SECONDS = 15897600;
    public static final String GITHUB_LOGIN = "erin";

    private AcmeDemo() {
    }

    /** A GitHub App with expiring user tokens; erin is signed in to GitHub and has authorized it. */
    public static GitHubConfig github() {
        return new GitHubConfig(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GITHUB_CALLBACK_URL, GITHUB_ACCESS_TOKEN_SECONDS,
                GITHUB_REFRESH_TOKEN_SECONDS, List.of(new GitHubUser(GITHUB_LOGIN, 5001, "Erin Engineer", "erin@acme.test")),
                GITHUB_LOGIN);
    }

    /**
     * The platforms trusting the realm {@code issuer} (federated exchange) and, where the platform can trust
     * a corporate IdP directly, {@code corporateIssuer} too (brokered exchange): Databricks (a second account
     * federation policy), GCP (a workforce pool provider) and the partner STS (a second trusted issuer).
     */
    public static EmulatorConfig config(String issuer, String corporateIssuer) {
        return new EmulatorConfig(databricks(issuer, corporateIssuer), aws(issuer), gcp(issuer, corporateIssuer),
                snowflake(issuer), rfc8693(issuer, corporateIssuer), github());
    }

    static DatabricksConfig databricks(String issuer, String corporateIssuer) {
        return new DatabricksConfig(DATABRICKS_ACCOUNT_ID, List.of(
                new FederationPolicy(issuer, List.of(DATABRICKS_AUDIENCE), DATABRICKS_SUBJECT_CLAIM),
                new FederationPolicy(corporateIssuer, List.of(CORPORATE_BROKER_CLIENT), CORPORATE_SUBJECT_CLAIM)),
                List.of(new ServicePrincipalPolicy(DATABRICKS_SP_APPLICATION_ID,
                        new FederationPolicy(issuer, List.of(DATABRICKS_AUDIENCE), DATABRICKS_SP_SUBJECT_CLAIM),
                        DATABRICKS_SP_SUBJECT)),
                List.of(ALICE_EMAIL, BOB_EMAIL, CAROL_EMAIL));
    }

    static AwsStsConfig aws(String issuer) {
        return new AwsStsConfig(AWS_ACCOUNT_ID, new OidcProvider(issuer, List.of(AWS_AUDIENCE)), List.of(
                new AwsRole(AWS_ANALYST_ROLE_ARN, AWS_AUDIENCE, List.of(), true, 3600),
                new AwsRole(AWS_AUDITOR_ROLE_ARN, AWS_AUDIENCE, List.of(), false, 3600)));
    }

    static GcpStsConfig gcp(String issuer, String corporateIssuer) {
        return new GcpStsConfig(List.of(
                new WorkloadIdentityProvider(GCP_PROVIDER_NAME, issuer, List.of(), GCP_SUBJECT_CLAIM, null),
                new WorkloadIdentityProvider(GCP_WORKFORCE_PROVIDER_NAME, corporateIssuer, List.of(CORPORATE_BROKER_CLIENT),
                        CORPORATE_SUBJECT_CLAIM, null)),
                List.of(new ServiceAccount(GCP_SERVICE_ACCOUNT, List.of(GCP_ALICE_PRINCIPAL))));
    }

    static SnowflakeConfig snowflake(String issuer) {
        return new SnowflakeConfig(issuer, List.of(SNOWFLAKE_ACCOUNT_URL), SNOWFLAKE_USER_MAPPING_CLAIM,
                UserMappingAttribute.EMAIL_ADDRESS, AnyRoleMode.DISABLE, List.of(),
                SnowflakeConfig.DEFAULT_BLOCKED_ROLES, SNOWFLAKE_SCOPE_ATTRIBUTE, List.of(
                new SnowflakeUser(SNOWFLAKE_ALICE_LOGIN, ALICE_EMAIL, List.of(SNOWFLAKE_ANALYST_ROLE),
                        SNOWFLAKE_ANALYST_ROLE),
                new SnowflakeUser(SNOWFLAKE_BOB_LOGIN, BOB_EMAIL, List.of(), SnowflakeUser.PUBLIC)));
    }

    static PartnerStsConfig rfc8693(String issuer, String corporateIssuer) {
        return new PartnerStsConfig(issuer, List.of(PARTNER_SUBJECT_TOKEN_AUDIENCE), List.of(PARTNER_TARGET_AUDIENCE),
                List.of(PARTNER_SCOPE_READ, PARTNER_SCOPE_WRITE), List.of(
                PartnerClient.secretBasic(PARTNER_SECRET_CLIENT_ID, PARTNER_CLIENT_SECRET),
                PartnerClient.privateKeyJwt(PARTNER_JWT_CLIENT_ID, issuer)),
                List.of(new TrustedIssuer(corporateIssuer, List.of(CORPORATE_BROKER_CLIENT))));
    }
}
