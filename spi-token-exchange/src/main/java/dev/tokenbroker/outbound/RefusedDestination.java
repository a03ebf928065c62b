package dev.tokenbroker.outbound;

import java.net.UnknownHostException;

/**
 * A host that has no address a platform call may go to (a cloud metadata service, a link-local or
 * unspecified address, or, for plain http, anything but loopback). An {@link UnknownHostException}
 * because that is what Apache HttpClient's {@code DnsResolver} may throw, and it stops the connection
 * attempt at once instead of trying the host's next address. The message names the host and why,
 * never a token.
 */
public final class RefusedDestination extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    RefusedDestination(String reason) {
        super(reason);
    }
}
