package dev.tokenbroker.it.mcp;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.tokenbroker.it.support.KeycloakExtension;

/**
 * One gateway per test class, kept in the class's store so JUnit closes it (and puts the realm's
 * gateway URI back) when the class ends, whatever its lifecycle; the emulators are reset before each
 * test so every test sees only the platform calls it caused.
 */
final class GatewayExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GatewayExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        gateway(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KeycloakExtension.platforms(context).emulators().resetAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GatewayUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return gateway(context);
    }

    /**
     * The class's gateway. A per-class test instance is built before the before-all callbacks run,
     * so its constructor may be the first to ask: started on first use, in the class's store.
     */
    private static GatewayUnderTest gateway(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("gateway",
                key -> GatewayUnderTest.start(KeycloakExtension.acme(context), KeycloakExtension.platforms(context)),
                GatewayUnderTest.class);
    }
}
