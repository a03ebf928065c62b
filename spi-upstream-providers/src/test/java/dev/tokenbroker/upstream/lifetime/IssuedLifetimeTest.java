package dev.tokenbroker.upstream.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The expires_in a caller is told and the note the audit event gets, branch by branch. */
class IssuedLifetimeTest {

    private static final GrantLifetime GRANT_300 = new GrantLifetime(300);

    @Test
    void whenIssuedWithinTheGrantThenExpiresInIsWhatWasIssuedAndNothingIsNoted() {
        IssuedLifetime lifetime = IssuedLifetime.settle("gcp-sts", 295, new LifetimeRequest(295, null), GRANT_300, 3_600);

        assertThat(lifetime.expiresIn()).isEqualTo(295);
        assertThat(lifetime.issued()).isEqualTo(295);
        assertThat(lifetime.note()).isNull();
    }

    @Test
    void whenPlatformTakesNoLifetimeAndIssuesBeyondTheGrantThenCappedAndNoted() {
        IssuedLifetime lifetime = IssuedLifetime.settle("gcp-sts", 3_599, LifetimeRequest.NONE, GRANT_300, 3_600);

        assertThat(lifetime.expiresIn()).isEqualTo(300);
        assertThat(lifetime.note())
                .isEqualTo("gcp-sts credential valid 3599 s, beyond grant 300 s (no lifetime parameter); expires_in capped to 300 s");
    }

    @Test
    void whenPlatformMinimumForcedALongerCredentialThenTheRequestNoteAndTheCapAreNoted() {
        LifetimeRequest request = new LifetimeRequest(900, "aws-sts minimum 900 s exceeds grant 300 s");

        IssuedLifetime lifetime = IssuedLifetime.settle("aws-sts", 900, request, GRANT_300, 3_600);

        assertThat(lifetime.expiresIn()).isEqualTo(300);
        assertThat(lifetime.note())
                .isEqualTo("aws-sts minimum 900 s exceeds grant 300 s; credential valid 900 s; expires_in capped to 300 s");
    }

    @Test
    void whenPlatformIssuedBeyondWhatWasAskedAndTheGrantThenCappedAndNoted() {
        IssuedLifetime lifetime = IssuedLifetime.settle("rfc8693", 3_600, new LifetimeRequest(300, null), GRANT_300, 3_600);

        assertThat(lifetime.expiresIn()).isEqualTo(300);
        assertThat(lifetime.note()).isEqualTo("rfc8693 credential valid 3600 s, beyond grant 300 s; expires_in capped to 300 s");
    }

    @Test
    void whenTheUpstreamCapIsSmallestThenItWinsWithoutANote() {
        IssuedLifetime lifetime = IssuedLifetime.settle("databricks", 250, LifetimeRequest.NONE, GRANT_300, 60);

        assertThat(lifetime.expiresIn()).isEqualTo(60);
        assertThat(lifetime.note()).isNull();
    }
}
