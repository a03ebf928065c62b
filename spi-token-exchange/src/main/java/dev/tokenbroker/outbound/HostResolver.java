package dev.tokenbroker.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where host names become addresses: the system's resolver in production, a script in tests (a name
 * that resolves to a metadata address, to good and bad addresses at once, or to something else on the
 * next call).
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver: hosts file and DNS, as every other connection of the server resolves. */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /** Every address {@code name} resolves to now; never empty. */
    InetAddress[] resolve(String name) throws UnknownHostException;
}
