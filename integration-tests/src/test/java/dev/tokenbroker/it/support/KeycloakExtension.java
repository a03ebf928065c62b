package dev.tokenbroker.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one Keycloak per test run, shared by every test class, and stops it when the run ends,
 * whether tests passed or not (JUnit closes resources in the root store at the end of the run).
 * Prints the server log tail when a test fails, since most failures are explained there.
 *
 * <p>{@code -Dkeycloak.server=dist} (default) runs the distribution as a local process;
 * {@code testcontainers} runs the official image and needs a Docker engine.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> new SharedServer(startServer()), SharedServer.class)
                .server();
    }

    private static KeycloakServer startServer() {
        ServerSettings settings = ServerSettings.fromSystemProperties();
        String kind = System.getProperty("keycloak.server", "dist");
        return switch (kind) {
            case "dist" -> DistributionServer.start(settings);
            case "testcontainers" -> ContainerServer.start(settings);
            default -> throw new IllegalArgumentException("keycloak.server must be dist or testcontainers, not " + kind);
        };
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == Realm.class || type == Platforms.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Realm.class) {
            return acme(context);
        }
        if (parameter.getParameter().getType() == Platforms.class) {
            return platforms(context);
        }
        return server(context);
    }

    /** The demo realm of the shared server, for extensions that build on this one. */
    public static Realm acme(ExtensionContext context) {
        return Realm.acme(server(context));
    }

    /** The emulators of the run, started on first use, shared like the server and pointed at by the acme realm's upstreams. */
    public static Platforms platforms(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("platforms", key -> Platforms.start(acme(context)), Platforms.class);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        KeycloakServer server = context.getRoot().getStore(NAMESPACE).get("server", SharedServer.class) == null
                ? null : server(context);
        if (server != null) {
            System.err.println("---- Keycloak log tail (" + context.getDisplayName() + ") ----\n"
                    + server.logTail(80) + "\n---- end of Keycloak log tail ----");
        }
    }

    private record SharedServer(KeycloakServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
