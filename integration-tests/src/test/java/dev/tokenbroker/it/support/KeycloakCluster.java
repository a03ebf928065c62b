package dev.tokenbroker.it.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Two Keycloak nodes forming one cluster on this machine: production mode, a shared PostgreSQL
 * database, embedded Infinispan ({@code --cache=ispn}) with JGroups bound to loopback and discovering
 * its peers through the database ({@code jdbc-ping}, Keycloak 26's default stack). Both nodes answer
 * with the first node's URL as hostname, so tokens carry one issuer whichever node minted them.
 *
 * <p>Needs a database that {@code -Dit.cluster.db} (JDBC URL), {@code -Dit.cluster.db.user} and
 * {@code -Dit.cluster.db.password} name; an empty one, or one an earlier run left (the realm import
 * is then skipped).
 */
public final class KeycloakCluster implements AutoCloseable {

    public static final String DB_PROPERTY = "it.cluster.db";

    private final List<KeycloakServer> nodes;

    private KeycloakCluster(List<KeycloakServer> nodes) {
        this.nodes = nodes;
    }

    public static KeycloakCluster start() {
        ServerSettings settings = ServerSettings.fromSystemProperties();
        int firstPort = FreePorts.pick();
        URI hostname = URI.create("http://127.0.0.1:" + firstPort);
        List<KeycloakServer> nodes = new ArrayList<>();
        try {
            nodes.add(DistributionServer.startNode(settings, "keycloak-node-1", firstPort, nodeArgs(hostname, true)));
            nodes.add(DistributionServer.startNode(settings, "keycloak-node-2", FreePorts.pick(), nodeArgs(hostname, false)));
        } catch (RuntimeException e) {
            nodes.forEach(KeycloakServer::close);
            throw e;
        }
        return new KeycloakCluster(List.copyOf(nodes));
    }

    private static List<String> nodeArgs(URI hostname, boolean importRealms) {
        List<String> args = new ArrayList<>(List.of(
                "--hostname=" + hostname, "--hostname-strict=false",
                "--db=postgres", "--db-url=" + System.getProperty(DB_PROPERTY),
                "--db-username=" + System.getProperty(DB_PROPERTY + ".user", "keycloak"),
                "--db-password=" + System.getProperty(DB_PROPERTY + ".password", "keycloak"),
                "--cache=ispn", "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + FreePorts.pick()));
        if (importRealms) {
            args.add("--import-realm");
        }
        return args;
    }

    /** Node 1 (imported the realms, its URL is every token's issuer) or node 2. */
    public KeycloakServer node(int number) {
        return nodes.get(number - 1);
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::close);
    }
}
