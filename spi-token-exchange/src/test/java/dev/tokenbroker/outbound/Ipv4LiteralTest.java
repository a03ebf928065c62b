package dev.tokenbroker.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4LiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "2852039166", "0xa9fea9fe", "0XA9FEA9FE", "169.254.43518", "169.16689662",
            "0251.0376.0251.0376", "0xa9.0xfe.0251.254", "169.254.169.254."})
    void whenAnyFormOfTheMetadataAddressThenItIsParsedAsIt(String host) throws Exception {
        assertThat(Ipv4Literal.parse(host)).contains((java.net.Inet4Address) InetAddress.getByName("169.254.169.254"));
    }

    @Test
    void whenShortLoopbackFormsThenLoopback() {
        assertThat(Ipv4Literal.parse("127.1").orElseThrow().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Ipv4Literal.parse("0x7f000001").orElseThrow().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Ipv4Literal.parse("017700000001").orElseThrow().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3.4.5", "1.2.3.256", "1.2.65536", "4294967296", "0x1g", "08", "09.1.1.1", "1..1", "", "١٢٧.0.0.1"})
    void whenNotAnIpv4AddressThenNothingIsParsed(String host) {
        assertThat(Ipv4Literal.parse(host)).isEmpty();
    }

    @Test
    void whenTheLastLabelIsANumberThenTheHostEndsInANumber() {
        assertThat(Ipv4Literal.endsInNumber("2852039166")).isTrue();
        assertThat(Ipv4Literal.endsInNumber("evil.example.0x7f")).isTrue();
        assertThat(Ipv4Literal.endsInNumber("1.2.3.4.5")).isTrue();
        assertThat(Ipv4Literal.endsInNumber("169.254.169.254.")).isTrue();
    }

    @Test
    void whenTheLastLabelIsNotANumberThenTheHostIsAName() {
        assertThat(Ipv4Literal.endsInNumber("127.0.0.1.evil.example")).isFalse();
        assertThat(Ipv4Literal.endsInNumber("sts.amazonaws.com")).isFalse();
        assertThat(Ipv4Literal.endsInNumber("0xfoo")).isFalse();
        assertThat(Ipv4Literal.endsInNumber(".")).isFalse();
    }

    @Test
    void whenFourDecimalNumbersWithoutLeadingZerosThenDottedQuad() {
        assertThat(Ipv4Literal.isDottedQuad("127.0.0.1")).isTrue();
        assertThat(Ipv4Literal.isDottedQuad("127.0.0.01")).isFalse();
        assertThat(Ipv4Literal.isDottedQuad("127.1")).isFalse();
        assertThat(Ipv4Literal.isDottedQuad("2130706433")).isFalse();
        assertThat(Ipv4Literal.isDottedQuad("localhost")).isFalse();
    }
}
