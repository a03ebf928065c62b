package dev.tokenbroker.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.apache.http.HttpHost;
import org.apache.http.client.utils.URIUtils;

/**
 * Where Keycloak may send users' assertions, judged when an upstream is saved: https (plain http only
 * to loopback addresses, for local platforms and emulators), and never to a cloud metadata service or a
 * link-local or unspecified address ({@link ForbiddenDestinations}), which would turn a misconfigured
 * upstream into a way to read the server's own cloud credentials (SSRF).
 *
 * <p>Hosts are judged as the HTTP client will see them (Apache's own host extraction, which also takes
 * hosts {@link URI#getHost()} rejects) and by the addresses they name or resolve to. Every call is
 * judged again the same way when it connects ({@link DestinationResolver}), since DNS answers change.
 * A https host that does not resolve when saved is accepted (it may resolve only where Keycloak runs)
 * and checked at each call; a plain-http host must resolve, and only to loopback, when saved.
 */
public final class OutboundUrlPolicy {

    /** The policy with the system's resolver. */
    public static final OutboundUrlPolicy SYSTEM = new OutboundUrlPolicy(HostResolver.SYSTEM);

    static final String PLAIN_HTTP = "must use https (plain http only to hosts that are or resolve only to loopback addresses)";

    private final DestinationResolver destinations;

    OutboundUrlPolicy(HostResolver names) {
        this.destinations = new DestinationResolver(names);
    }

    /**
     * The problem with sending to {@code uri} as far as the URL itself tells (scheme, credentials,
     * metadata names, literal addresses), without asking DNS; or {@code null}. Cheap enough for every
     * parse of an upstream's settings.
     */
    public String problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        HttpHost target = uri.isAbsolute() ? URIUtils.extractHost(uri) : null;
        if (target == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute http(s) URL";
        }
        if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return "must not carry credentials in the URL";
        }
        String name = DestinationResolver.normalize(target.getHostName());
        Optional<InetAddress> literal;
        try {
            literal = destinations.withoutLookup(name);
        } catch (RefusedDestination e) {
            return e.getMessage();
        }
        if (literal.isEmpty()) {
            return null; // a name: what it resolves to is judged on save and at every call
        }
        InetAddress address = literal.get();
        if (Ipv4Literal.endsInNumber(name) && !Ipv4Literal.isDottedQuad(name)) {
            return "host " + name + " is " + address.getHostAddress()
                    + " in a form parsers disagree on (Java refuses what C resolvers accept); write " + address.getHostAddress();
        }
        if (scheme.equals("http") && !address.isLoopbackAddress()) {
            return PLAIN_HTTP + "; " + name + " is not a loopback address";
        }
        return null;
    }

    /**
     * The problem with saving {@code uri} as an upstream destination, or {@code null}: {@link #problemWith}
     * and what its host resolves to now.
     */
    public String problemOnSave(URI uri) {
        String problem = problemWith(uri);
        if (problem != null) {
            return problem;
        }
        String name = DestinationResolver.normalize(URIUtils.extractHost(uri).getHostName());
        boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme());
        InetAddress[] addresses;
        try {
            addresses = destinations.resolve(name);
        } catch (RefusedDestination e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return plainHttp ? PLAIN_HTTP + "; " + name + " does not resolve" : null;
        }
        if (plainHttp) {
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return PLAIN_HTTP + "; " + name + " resolves to " + address.getHostAddress();
                }
            }
        }
        return null;
    }
}
