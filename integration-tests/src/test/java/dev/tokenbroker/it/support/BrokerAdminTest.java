package dev.tokenbroker.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the broker's admin REST or console, against the shared real Keycloak: each test
 * starts from the same broker state and leaves no suspension behind ({@link BrokerAdminExtension}), and
 * test and set-up methods may take a {@link BrokerAdmin}: the server's bootstrap admin.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealKeycloak
@ExtendWith(BrokerAdminExtension.class)
public @interface BrokerAdminTest {
}
