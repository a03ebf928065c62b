package dev.tokenbroker.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DestinationResolverTest {

    private final ScriptedNames names = new ScriptedNames();
    private final DestinationResolver resolver = new DestinationResolver(names);

    @Test
    void whenANameResolvesToOrdinaryAddressesThenExactlyThoseAreReturned() throws Exception {
        names.answer("sts.example.com", "192.0.2.1", "2001:db8::1");

        assertThat(texts(resolver.resolve("sts.example.com"))).containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
        assertThat(names.lookups()).isEqualTo(1);
    }

    @Test
    void whenANameResolvesToALinkLocalAddressThenRefused() {
        names.answer("imds.example.com", "169.254.10.10");

        assertThatThrownBy(() -> resolver.resolve("imds.example.com")).isInstanceOf(RefusedDestination.class)
                .hasMessageStartingWith("host imds.example.com resolves to 169.254.10.10, a link-local address");
    }

    @Test
    void whenANameResolvesToAnIpv6LinkLocalAddressThenRefused() {
        names.answer("v6.example.com", "fe80::1");

        assertThatThrownBy(() -> resolver.resolve("v6.example.com")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("resolves to fe80:0:0:0:0:0:0:1, a link-local address");
    }

    @Test
    void whenANameResolvesToGoodAndBadAddressesThenTheWholeNameIsRefused() {
        names.answer("mixed.example.com", "192.0.2.1", "169.254.169.254");

        assertThatThrownBy(() -> resolver.resolve("mixed.example.com")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("resolves to 169.254.169.254, the instance metadata service");
    }

    @Test
    void whenTheAnswerChangesBetweenCallsThenEachCallIsJudgedOnItsOwnAnswer() throws Exception {
        names.answer("rebind.example.com", "192.0.2.1").answer("rebind.example.com", "169.254.169.254");

        assertThat(texts(resolver.resolve("rebind.example.com"))).containsExactly("192.0.2.1");
        assertThatThrownBy(() -> resolver.resolve("rebind.example.com")).isInstanceOf(RefusedDestination.class);
        assertThat(names.lookups()).isEqualTo(2);
    }

    @Test
    void whenAMetadataServiceNameThenRefusedWithoutALookup() {
        for (String host : new String[] {"metadata.google.internal", "METADATA.Google.Internal.", "metadata", "instance-data.ec2.internal"}) {
            assertThatThrownBy(() -> resolver.resolve(host)).isInstanceOf(RefusedDestination.class)
                    .hasMessageEndingWith("is the name of a cloud instance metadata service");
        }
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenALiteralThenParsedNotLookedUp() throws Exception {
        assertThat(texts(resolver.resolve("127.0.0.1"))).containsExactly("127.0.0.1");
        assertThat(texts(resolver.resolve("[::1]"))).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(texts(resolver.resolve("0x7f000001"))).containsExactly("127.0.0.1");
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenAMetadataAddressIsSpelledOtherwiseThenRefusedNamingTheAddress() {
        assertThatThrownBy(() -> resolver.resolve("2852039166")).hasMessageStartingWith("host 2852039166 is 169.254.169.254, the instance metadata");
        assertThatThrownBy(() -> resolver.resolve("[::ffff:169.254.169.254]")).hasMessageStartingWith("host ::ffff:169.254.169.254 is 169.254.169.254,");
        assertThatThrownBy(() -> resolver.resolve("[fd00:ec2::254]")).hasMessageStartingWith("host fd00:ec2::254 is the AWS instance metadata service");
        assertThatThrownBy(() -> resolver.resolve("169.254.169.254")).hasMessageStartingWith("host 169.254.169.254 is the instance metadata");
    }

    @Test
    void whenTheHostEndsInANumberButIsNoAddressThenRefused() {
        assertThatThrownBy(() -> resolver.resolve("1.2.3.4.5")).isInstanceOf(RefusedDestination.class)
                .hasMessage("host 1.2.3.4.5 ends in a number but is not an IPv4 address");
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenAnIpv6LiteralCarriesAZoneOrIsMalformedThenRefused() {
        assertThatThrownBy(() -> resolver.resolve("[fe80::1%eth0]")).isInstanceOf(RefusedDestination.class).hasMessageContaining("IPv6 zone");
        assertThatThrownBy(() -> resolver.resolve("[1:2]")).isInstanceOf(RefusedDestination.class).hasMessageContaining("not an IPv6 address");
        assertThat(names.lookups()).isZero();
    }

    @Test
    void whenTheNameDoesNotResolveThenUnknownHostNotRefused() {
        assertThatThrownBy(() -> resolver.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(RefusedDestination.class);
    }

    @Test
    void whenTheNameHasATrailingDotThenItIsTheSameHost() throws Exception {
        names.answer("sts.example.com", "192.0.2.1");

        assertThat(texts(resolver.resolve("STS.example.com."))).containsExactly("192.0.2.1");
    }

    private static String[] texts(InetAddress[] addresses) {
        return Arrays.stream(addresses).map(InetAddress::getHostAddress).toArray(String[]::new);
    }
}
