package dev.tokenbroker.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.http.HttpHost;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Plain-http connections only to loopback addresses: an assertion sent in clear must not leave the
 * machine (local platforms and emulators). Checked on the address being connected to, the one the
 * {@link DestinationResolver} returned, so no name, spelling or later DNS answer gets around it.
 */
final class LoopbackOnlyPlainSockets extends PlainConnectionSocketFactory {

    @Override
    public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                                InetSocketAddress localAddress, HttpContext context) throws IOException {
        InetAddress address = remoteAddress.getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            socket.close();
            throw new RefusedDestination("host " + host.getHostName() + " resolves to "
                    + (address == null ? "no address" : address.getHostAddress())
                    + ", not a loopback address: plain http goes only to loopback, use https");
        }
        return super.connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }
}
