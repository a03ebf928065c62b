package dev.tokenbroker.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.emulators.aws.AwsSession;
import dev.tokenbroker.emulators.aws.AwsStsEmulator;
import dev.tokenbroker.it.support.Http;
import dev.tokenbroker.it.support.Platforms;
import dev.tokenbroker.it.support.RealKeycloak;
import dev.tokenbroker.it.support.Realm;

/** AssumeRoleWithWebIdentity with the realm as IAM OIDC provider; credentials come back as credential_process JSON. */
@RealKeycloak
class AwsStsFederationIT {

    @BeforeEach
    void reset(Platforms platforms) {
        platforms.emulators().resetAll();
    }

    @Test
    void aliceAssumesTheAnalystRoleWithHerNameAndAgentInTheSession(Realm acme, Platforms platforms) throws Exception {
        AwsStsEmulator sts = platforms.emulators().awsSts();

        Http.Response response = UpstreamExchanges.forAlice(acme).audience("aws").post();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("token_type").asText()).isEqualTo("N_A");
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:tokenbroker:params:oauth:token-type:aws-credentials");
        JsonNode credentials = body.get("aws_credentials");
        assertThat(credentials.get("Version").asInt()).isEqualTo(1);
        assertThat(credentials.get("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(credentials.get("SecretAccessKey").asText()).isNotBlank();
        assertThat(credentials.get("SessionToken").asText()).isEqualTo(body.get("access_token").asText());
        long credentialLife = Instant.parse(credentials.get("Expiration").asText()).getEpochSecond() - Instant.now().getEpochSecond();
        // The credentials live STS's minimum of 900 s; the caller is told no more than the 300 s grant (UpstreamLifetimeIT).
        assertThat(body.get("expires_in").asLong()).isPositive().isLessThanOrEqualTo(Math.min(credentialLife + 5, 300));

        AwsSession session = sts.session(credentials.get("AccessKeyId").asText()).orElseThrow();
        assertThat(session.subject()).isEqualTo("alice@acme.test");
        assertThat(session.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/acme-analyst");
        assertThat(session.sessionName()).isEqualTo("alice+claude-desktop");
        assertThat(session.assumedRoleArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/acme-analyst/alice+claude-desktop");
        assertThat(session.tags()).containsEntry("department", "analytics").containsEntry("agent", "claude-desktop");
        assertThat(session.transitiveTagKeys()).containsExactly("department");
        assertThat(body.get("aws_assumed_role_arn").asText()).isEqualTo(session.assumedRoleArn());

        JWTClaimsSet assertion = sts.received().stream().filter(r -> r.token().isPresent()).reduce((a, b) -> b)
                .orElseThrow().token().orElseThrow().claims();
        assertThat(assertion.getAudience()).containsExactly("sts.amazonaws.com");
        assertThat(assertion.getJSONObjectClaim("act")).containsEntry("sub", "claude-desktop");
        long lifetime = (assertion.getExpirationTime().getTime() - assertion.getIssueTime().getTime()) / 1000;
        assertThat(lifetime).isLessThanOrEqualTo(300);
    }
}
