package dev.tokenbroker.it.support;

import java.net.URI;

/** A running Keycloak with our providers and the realms imported, shared by all tests of a run. */
public interface KeycloakServer extends AutoCloseable {

    String ADMIN_USER = "admin";
    String ADMIN_PASSWORD = "admin";

    /** e.g. {@code http://127.0.0.1:41234} */
    URI baseUri();

    default URI realmUri(String realm) {
        return baseUri().resolve("/realms/" + realm);
    }

    /** The management interface (health, {@code /metrics}), e.g. {@code http://127.0.0.1:41235} */
    URI managementUri();

    /** The last lines of the server log, printed when a test fails. */
    String logTail(int lines);

    /** The whole server log so far, for tests that read what the server wrote (audit lines, leaks). */
    String log();

    @Override
    void close();
}
