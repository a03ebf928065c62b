package dev.tokenbroker.upstream.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where Keycloak may send users' assertions: https only (plain http to loopback, for local platforms
 * and emulators), and never to link-local or cloud metadata addresses, which would turn a
 * misconfigured upstream into a way to read the server's own cloud credentials (SSRF).
 */
public final class OutboundUrlPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "metadata.azure.com",
            "instance-data", "instance-data.ec2.internal");

    private OutboundUrlPolicy() {
    }

    /** The problem with sending to {@code uri} judged by its text alone, or {@code null}; used when config is saved. */
    public static String problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute http(s) URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials in the URL";
        }
        if (METADATA_HOSTS.contains(host)) {
            return "points at a cloud metadata service";
        }
        if (scheme.equals("http") && !isLoopbackName(host)) {
            return "must use https (plain http only to loopback hosts)";
        }
        return null;
    }

    /**
     * Checks the addresses the host resolves to now, at call time, so DNS cannot redirect a
     * configured name to a metadata or link-local address later.
     *
     * @return the problem, or {@code null} when the call may go ahead
     */
    public static String problemAtCallTime(URI uri) {
        String problem = problemWith(uri);
        if (problem != null) {
            return problem;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "host does not resolve";
        }
        boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme());
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || isAwsIpv6Metadata(address)) {
                return "resolves to a link-local or metadata address";
            }
            if (plainHttp && !address.isLoopbackAddress()) {
                return "must use https (plain http only to loopback hosts)";
            }
        }
        return null;
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static boolean isAwsIpv6Metadata(InetAddress address) {
        return address instanceof Inet6Address && address.getHostAddress().toLowerCase(Locale.ROOT).startsWith("fd00:ec2:");
    }
}
