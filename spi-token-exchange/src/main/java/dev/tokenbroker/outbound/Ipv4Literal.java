package dev.tokenbroker.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv4 addresses in every way a host can write them. inet_aton(3), which the C resolver (and so curl
 * and most HTTP clients) applies to any host before asking DNS, and the WHATWG URL Standard (§3.5,
 * "IPv4 parser") both accept one to four dot-separated numbers, each decimal, octal (leading
 * {@code 0}) or hexadecimal ({@code 0x}), the last one filling the remaining bytes: {@code 2852039166},
 * {@code 0xa9fea9fe}, {@code 169.254.43518} and {@code 0251.0376.0251.0376} are all 169.254.169.254.
 * Java's own resolver accepts only some of these forms, so the broker parses them itself: a host is
 * judged, and connected to, as the address it really names.
 */
final class Ipv4Literal {

    private Ipv4Literal() {
    }

    /**
     * Whether the host's last label is a number, which makes the whole host an IPv4 address to URL
     * parsers (WHATWG URL Standard §3.5, "ends in a number"); no top-level domain is numeric, so such a
     * host is never a DNS name.
     */
    static boolean endsInNumber(String host) {
        String[] parts = host.split("\\.", -1);
        int last = parts.length - 1;
        if (parts[last].isEmpty()) {
            if (last == 0) {
                return false;
            }
            last--;
        }
        return !parts[last].isEmpty() && (parts[last].chars().allMatch(c -> c >= '0' && c <= '9') || number(parts[last]) >= 0);
    }

    /** The address the host names in any of the accepted forms, or empty when it is not one. */
    static Optional<Inet4Address> parse(String host) {
        String[] parts = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1) : host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = number(parts[i]);
            if (numbers[i] < 0 || (i < parts.length - 1 && numbers[i] > 255)) {
                return Optional.empty();
            }
        }
        long last = numbers[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return Optional.empty();
        }
        long value = last;
        for (int i = 0; i < parts.length - 1; i++) {
            value += numbers[i] << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Whether the host is the one spelling every parser agrees on: four decimal numbers without leading
     * zeros. The other forms mean different addresses to different software (Java refuses hex, C accepts
     * it), so a configured URL must not use them.
     */
    static boolean isDottedQuad(String host) {
        return parse(host).map(address -> address.getHostAddress().equals(host)).orElse(false);
    }

    /** One part: {@code 0x}/{@code 0X} hexadecimal, leading-zero octal or decimal; -1 when it is none of them. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0; // "0x" alone is zero to the WHATWG parser
        }
        if (digits.length() > 12) {
            return -1;
        }
        long value = 0;
        for (char c : digits.toCharArray()) {
            int digit = asciiDigit(c);
            if (digit < 0 || digit >= radix) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** ASCII only: {@link Character#digit} would also take other scripts' digits. */
    private static int asciiDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
