package dev.tokenbroker.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlPolicyTest {

    private final ScriptedNames names = new ScriptedNames()
            .answer("localhost", "127.0.0.1", "::1")
            .answer("sts.example.com", "192.0.2.1")
            .answer("emulator.test", "127.0.0.1")
            .answer("half-local.test", "127.0.0.1", "192.0.2.1")
            .answer("imds.test", "169.254.169.254");
    private final OutboundUrlPolicy policy = new OutboundUrlPolicy(names);

    @Test
    void whenHttpsToAPlatformThenAllowed() {
        assertThat(policy.problemWith(URI.create("https://sts.example.com/"))).isNull();
        assertThat(policy.problemOnSave(URI.create("https://sts.example.com/"))).isNull();
    }

    @Test
    void whenPlainHttpToLoopbackThenAllowed() {
        assertThat(policy.problemOnSave(URI.create("http://127.0.0.1:8090/aws-sts/"))).isNull();
        assertThat(policy.problemOnSave(URI.create("http://[::1]:8090/aws-sts/"))).isNull();
        assertThat(policy.problemOnSave(URI.create("http://localhost:8090/x"))).isNull();
        assertThat(policy.problemOnSave(URI.create("http://emulator.test:8090/x"))).isNull();
    }

    @Test
    void whenPlainHttpToARemoteAddressThenRefused() {
        assertThat(policy.problemWith(URI.create("http://192.0.2.1/token"))).startsWith(OutboundUrlPolicy.PLAIN_HTTP);
        assertThat(policy.problemOnSave(URI.create("http://sts.example.com/"))).isEqualTo(OutboundUrlPolicy.PLAIN_HTTP + "; sts.example.com resolves to 192.0.2.1");
    }

    @Test
    void whenPlainHttpToANameResolvingPartlyElsewhereThenRefused() {
        assertThat(policy.problemOnSave(URI.create("http://half-local.test/token"))).endsWith("half-local.test resolves to 192.0.2.1");
    }

    @Test
    void whenPlainHttpToANameThatOnlyStartsLikeLoopbackThenRefused() {
        assertThat(policy.problemWith(URI.create("http://127.0.0.1.evil.example/token"))).isNull(); // a name: the URL alone cannot tell
        assertThat(policy.problemOnSave(URI.create("http://127.0.0.1.evil.example/token")))
                .isEqualTo(OutboundUrlPolicy.PLAIN_HTTP + "; 127.0.0.1.evil.example does not resolve");
    }

    @Test
    void whenHttpsToANameThatDoesNotResolveYetThenAllowedAndLeftToTheCall() {
        assertThat(policy.problemOnSave(URI.create("https://sts.internal.example/token"))).isNull();
    }

    @Test
    void whenANameResolvesToMetadataThenRefusedOnSave() {
        assertThat(policy.problemWith(URI.create("https://imds.test/token"))).isNull();
        assertThat(policy.problemOnSave(URI.create("https://imds.test/token"))).startsWith("host imds.test resolves to 169.254.169.254");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/", "https://169.254.10.10/token", "https://[fe80::1]/x", "https://[fd00:ec2::254]/",
            "https://2852039166/token", "https://0xa9fea9fe/token", "https://169.254.43518/token", "https://0251.0376.0251.0376/token",
            "https://[::ffff:169.254.169.254]/token", "https://100.100.100.200/", "https://192.0.0.192/",
            "https://metadata.google.internal/computeMetadata/v1/", "https://metadata.google.internal./", "https://0.0.0.0/"})
    void whenAMetadataOrLinkLocalDestinationThenRefusedWithoutDns(String url) {
        String problem = policy.problemWith(URI.create(url));

        assertThat(problem).startsWith("host ");
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenAnAllowedAddressIsSpelledInAnAmbiguousFormThenRefusedWithTheSpellingToUse() {
        assertThat(policy.problemWith(URI.create("http://0x7f000001:8090/token")))
                .isEqualTo("host 0x7f000001 is 127.0.0.1 in a form parsers disagree on (Java refuses what C resolvers accept); write 127.0.0.1");
        assertThat(policy.problemWith(URI.create("https://3232235777/token"))).contains("write 192.168.1.1");
    }

    @Test
    void whenCredentialsInUrlThenRefused() {
        assertThat(policy.problemWith(URI.create("https://user:pw@sts.example.com/"))).isEqualTo("must not carry credentials in the URL");
    }

    @Test
    void whenNotAnAbsoluteHttpUrlThenRefused() {
        assertThat(policy.problemWith(URI.create("file:///etc/passwd"))).isEqualTo("must be an absolute http(s) URL");
        assertThat(policy.problemWith(URI.create("/oidc/v1/token"))).isEqualTo("must be an absolute http(s) URL");
        assertThat(policy.problemWith(URI.create("gopher://sts.example.com/"))).isEqualTo("must be an absolute http(s) URL");
    }
}
