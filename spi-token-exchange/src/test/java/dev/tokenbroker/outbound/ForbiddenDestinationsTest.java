package dev.tokenbroker.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForbiddenDestinationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"169.254.10.10", "169.254.170.2", "169.254.0.1", "fe80::1", "febf::1"})
    void whenLinkLocalThenRefused(String address) throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName(address))).startsWith("a link-local address");
    }

    @Test
    void whenAKnownMetadataAddressThenRefusedNamingTheService() throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("169.254.169.254"))).contains("AWS, GCP, Azure");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("fd00:ec2::254"))).contains("AWS instance metadata service over IPv6");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("100.100.100.200"))).contains("Alibaba Cloud");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("192.0.0.192"))).contains("Oracle Cloud");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("168.63.129.16"))).contains("Azure WireServer");
    }

    @Test
    void whenInAwsInstanceServicesRangeThenRefused() throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("fd00:ec2::23"))).contains("fd00:ec2::/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "::"})
    void whenUnspecifiedThenRefused(String address) throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName(address))).startsWith("an unspecified address");
    }

    @Test
    void whenIpv4EmbeddedInIpv6ThenJudgedAsTheIpv4Address() throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("::169.254.169.254"))).startsWith("an IPv6 form of 169.254.169.254");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("64:ff9b::a9fe:a9fe"))).startsWith("an IPv6 form of 169.254.169.254");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, 1, 1};
        assertThat(ForbiddenDestinations.reasonFor(java.net.Inet6Address.getByAddress(null, mapped, null))).startsWith("an IPv6 form of 169.254.1.1");
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName("64:ff9b::8.8.8.8"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "8.8.8.8", "192.0.2.10", "10.0.0.5", "100.100.100.201", "2001:db8::1", "fd00:ec3::254"})
    void whenAnOrdinaryAddressThenAllowed(String address) throws Exception {
        assertThat(ForbiddenDestinations.reasonFor(InetAddress.getByName(address))).isNull();
    }

    @Test
    void whenAMetadataServiceNameThenItIsOne() {
        assertThat(ForbiddenDestinations.isMetadataName("metadata.google.internal")).isTrue();
        assertThat(ForbiddenDestinations.isMetadataName("sts.googleapis.com")).isFalse();
    }
}
