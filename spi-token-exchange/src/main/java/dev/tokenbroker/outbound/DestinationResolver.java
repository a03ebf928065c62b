package dev.tokenbroker.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.apache.http.conn.DnsResolver;

/**
 * Resolution that is the destination check: a host becomes addresses once, every address is judged
 * ({@link ForbiddenDestinations}), and only addresses that passed are handed to the HTTP client, which
 * connects to exactly those. There is no second lookup whose answer could differ from the checked one
 * (DNS rebinding). A host with any forbidden address is refused as a whole: a name that answers with a
 * metadata address among good ones is hostile or broken, and the client would try them in turn.
 *
 * <p>Literal addresses are parsed here, never sent to a name service: IPv6 in brackets, IPv4 in every
 * form C resolvers accept ({@link Ipv4Literal}).
 */
final class DestinationResolver implements DnsResolver {

    private final HostResolver names;

    DestinationResolver(HostResolver names) {
        this.names = names;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = normalize(host);
        Optional<InetAddress> literal = withoutLookup(name);
        if (literal.isPresent()) {
            return new InetAddress[] {literal.get()};
        }
        InetAddress[] addresses = names.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        for (InetAddress address : addresses) {
            String reason = ForbiddenDestinations.reasonFor(address);
            if (reason != null) {
                throw new RefusedDestination("host " + name + " resolves to " + address.getHostAddress() + ", " + reason);
            }
        }
        return addresses.clone();
    }

    /**
     * What can be said of a (normalized) host without asking a name service: the judged address of a
     * literal, or empty for a name only DNS can answer.
     *
     * @throws RefusedDestination for a metadata service's name, a forbidden address, or a literal that is
     *                            not a valid address
     */
    Optional<InetAddress> withoutLookup(String name) throws RefusedDestination {
        if (ForbiddenDestinations.isMetadataName(name)) {
            throw new RefusedDestination("host " + name + " is the name of a cloud instance metadata service");
        }
        InetAddress address;
        if (name.indexOf(':') >= 0) {
            address = ipv6(name);
        } else if (Ipv4Literal.endsInNumber(name)) {
            address = Ipv4Literal.parse(name).orElseThrow(
                    () -> new RefusedDestination("host " + name + " ends in a number but is not an IPv4 address"));
        } else {
            return Optional.empty();
        }
        String reason = ForbiddenDestinations.reasonFor(address);
        if (reason != null) {
            // Name the address when the host spelled it otherwise (2852039166, ::ffff:169.254.169.254).
            boolean spelledAsIs = address instanceof Inet6Address || address.getHostAddress().equals(name);
            throw new RefusedDestination("host " + name + " is " + (spelledAsIs ? "" : address.getHostAddress() + ", ") + reason);
        }
        return Optional.of(address);
    }

    /**
     * The host as resolvers see it: lower case, without IPv6 brackets and without the trailing dot of a
     * fully qualified name ({@code metadata.google.internal.} is the same host).
     */
    static String normalize(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    private static InetAddress ipv6(String name) throws RefusedDestination {
        if (name.indexOf('%') >= 0) {
            // A zone picks the interface of a link-local address; no platform is reached that way.
            throw new RefusedDestination("host " + name + " carries an IPv6 zone, which only link-local addresses use");
        }
        try {
            return InetAddress.getByName("[" + name + "]"); // in brackets Java parses a literal or fails, never looks it up
        } catch (UnknownHostException e) {
            throw new RefusedDestination("host " + name + " is not an IPv6 address");
        }
    }
}
