package dev.tokenbroker.it.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The set-up every admin test shares, in one place. Before each test: the emulators forget what they
 * recorded and any fault or configuration a test gave them, and no kill-switch suspension stands (so a
 * test sees the realm as exported, whatever ran before it). After each test: its suspensions are lifted,
 * so none outlives it into a class that does not use this extension. Resolves {@link BrokerAdmin} as
 * the server admin of the acme realm.
 */
public final class BrokerAdminExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    @Override
    public void beforeEach(ExtensionContext context) {
        KeycloakExtension.platforms(context).emulators().resetAll();
        acme(context).admin().liftSuspensions();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        acme(context).admin().liftSuspensions();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrokerAdmin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return BrokerAdmin.serverAdmin(acme(context));
    }

    private static Realm acme(ExtensionContext context) {
        return Realm.acme(KeycloakExtension.server(context));
    }
}
