package dev.tokenbroker.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Addresses and names no platform call may go to, whatever an admin configures: a call carries a
 * user's freshly minted assertion, and one aimed at the server's own cloud metadata service would
 * instead fetch the server's cloud credentials (SSRF). Judged on resolved addresses, so a name, a
 * numeric spelling or an IPv6 embedding of the same address is refused alike.
 */
final class ForbiddenDestinations {

    /**
     * Names of metadata services, refused by name because off the cloud (where the admin saves) they do
     * not resolve and so cannot be judged by address: GCP (metadata.google.internal, metadata.goog, and
     * the short "metadata" its resolvers expand), AWS (instance-data, instance-data.ec2.internal), Azure
     * (metadata.azure.com), Tencent Cloud (metadata.tencentyun.com). On the cloud they resolve to the
     * addresses below and would be refused by address as well.
     */
    static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.tencentyun.com");

    /**
     * Metadata services at addresses that are not link-local, so the link-local rule below does not
     * cover them. 169.254.169.254 is link-local too, listed for a precise message.
     */
    private static final Map<InetAddress, String> METADATA_ADDRESSES = Map.of(
            literal("169.254.169.254"), "the instance metadata service of AWS, GCP, Azure, Oracle Cloud and others",
            literal("fd00:ec2::254"), "the AWS instance metadata service over IPv6 (Nitro instances)",
            literal("100.100.100.200"), "the Alibaba Cloud instance metadata service",
            literal("192.0.0.192"), "the Oracle Cloud Infrastructure Classic instance metadata service",
            literal("168.63.129.16"), "the Azure WireServer, which hands VM agents their configuration and extension settings");

    private static final String LINK_LOCAL =
            "a link-local address (RFC 3927, RFC 4291), where cloud metadata and credential services answer";
    private static final String AWS_INSTANCE_SERVICES =
            "in fd00:ec2::/32, where AWS answers instances' own metadata, credential and DNS requests";
    private static final String UNSPECIFIED =
            "an unspecified address (0.0.0.0/8 or ::, RFC 1122 §3.2.1.3), which connects to this server itself";

    /** NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): a NAT64 gateway forwards it to the embedded IPv4 address. */
    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private ForbiddenDestinations() {
    }

    /** Whether the (lower-case, no trailing dot) host name is a metadata service's. */
    static boolean isMetadataName(String name) {
        return METADATA_NAMES.contains(name);
    }

    /** Why no call may go to this address, as a noun phrase, or {@code null} when it may. */
    static String reasonFor(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Inet4Address embedded = embeddedIpv4(v6);
            if (embedded != null) {
                String reason = reasonFor(embedded);
                return reason == null ? null : "an IPv6 form of " + embedded.getHostAddress() + ", " + reason;
            }
        }
        String metadata = METADATA_ADDRESSES.get(address);
        if (metadata != null) {
            return metadata;
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && address.getAddress()[0] == 0)) {
            return UNSPECIFIED;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && bytes[0] == (byte) 0xfd && bytes[1] == 0 && bytes[2] == 0x0e && bytes[3] == (byte) 0xc2) {
            return AWS_INSTANCE_SERVICES;
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address carries and reaches: IPv4-compatible {@code ::a.b.c.d}
     * (RFC 4291 §2.5.5.1), IPv4-mapped {@code ::ffff:a.b.c.d} (§2.5.5.2; Java's parser already turns the
     * text form into IPv4, a resolver's answer may not) and NAT64 {@code 64:ff9b::a.b.c.d}. {@code ::}
     * and {@code ::1} are not embeddings.
     */
    private static Inet4Address embeddedIpv4(Inet6Address address) {
        byte[] bytes = address.getAddress();
        byte[] prefix = Arrays.copyOfRange(bytes, 0, 12);
        boolean compatible = Arrays.equals(prefix, new byte[12]) && (bytes[12] | bytes[13] | bytes[14]) != 0;
        boolean mapped = Arrays.equals(Arrays.copyOfRange(bytes, 0, 10), new byte[10]) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        if (!compatible && !mapped && !Arrays.equals(prefix, NAT64_PREFIX)) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: parsed, never looked up
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
