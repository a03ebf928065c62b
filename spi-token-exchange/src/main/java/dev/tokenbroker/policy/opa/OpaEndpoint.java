package dev.tokenbroker.policy.opa;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where Keycloak may send policy inputs (which name users, roles and agents): the same rules as for
 * upstream token endpoints — http(s) only, plain http only to loopback (a sidecar OPA), no
 * credentials in the URL, never cloud metadata or link-local addresses, checked on save by the URL's
 * text and again at call time by what the host resolves to, so DNS cannot move it there later.
 *
 * <p>A minimal equivalent of the upstream module's outbound URL policy, which this module cannot
 * depend on (the upstream providers depend on it, not the other way round).
 */
final class OpaEndpoint {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "metadata.azure.com",
            "instance-data", "instance-data.ec2.internal");

    private OpaEndpoint() {
    }

    /** The problem with the URL's text, or {@code null}. */
    static String problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute http(s) URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a query or fragment";
        }
        if (METADATA_HOSTS.contains(host) || host.equals("169.254.169.254") || host.startsWith("169.254.")) {
            return "points at a cloud metadata or link-local address";
        }
        if (scheme.equals("http") && !isLoopbackName(host)) {
            return "must use https (plain http only to loopback hosts)";
        }
        return null;
    }

    /** The problem with calling the URL now, by the addresses its host resolves to, or {@code null}. */
    static String problemAtCallTime(URI uri) {
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
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress()
                    || address instanceof Inet6Address && address.getHostAddress().toLowerCase(Locale.ROOT).startsWith("fd00:ec2:")) {
                return "resolves to a link-local or metadata address";
            }
            if (plainHttp && !address.isLoopbackAddress()) {
                return "must use https (plain http only to loopback hosts)";
            }
        }
        return null;
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
