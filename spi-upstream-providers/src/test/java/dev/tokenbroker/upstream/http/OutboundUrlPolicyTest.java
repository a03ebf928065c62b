package dev.tokenbroker.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class OutboundUrlPolicyTest {

    @Test
    void whenHttpsThenAllowed() {
        assertThat(OutboundUrlPolicy.problemWith(URI.create("https://sts.amazonaws.com/"))).isNull();
    }

    @Test
    void whenPlainHttpToLoopbackThenAllowed() {
        assertThat(OutboundUrlPolicy.problemWith(URI.create("http://127.0.0.1:8090/aws-sts/"))).isNull();
        assertThat(OutboundUrlPolicy.problemWith(URI.create("http://localhost:8090/x"))).isNull();
    }

    @Test
    void whenPlainHttpElsewhereThenRefused() {
        assertThat(OutboundUrlPolicy.problemWith(URI.create("http://sts.amazonaws.com/"))).contains("https");
    }

    @Test
    void whenMetadataOrLinkLocalThenRefused() {
        assertThat(OutboundUrlPolicy.problemWith(URI.create("https://metadata.google.internal/computeMetadata/v1/"))).contains("metadata");
        assertThat(OutboundUrlPolicy.problemAtCallTime(URI.create("https://169.254.169.254/latest/"))).contains("link-local");
        assertThat(OutboundUrlPolicy.problemAtCallTime(URI.create("https://[fe80::1]/x"))).contains("link-local");
    }

    @Test
    void whenCredentialsInUrlOrNotHttpThenRefused() {
        assertThat(OutboundUrlPolicy.problemWith(URI.create("https://user:pw@sts.example/"))).contains("credentials");
        assertThat(OutboundUrlPolicy.problemWith(URI.create("file:///etc/passwd"))).contains("http(s)");
    }

    @Test
    void whenLoopbackNameResolvesThenAllowedAtCallTime() {
        assertThat(OutboundUrlPolicy.problemAtCallTime(URI.create("http://127.0.0.1:1/x"))).isNull();
    }
}
