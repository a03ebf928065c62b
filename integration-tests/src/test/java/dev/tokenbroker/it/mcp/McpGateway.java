package dev.tokenbroker.it.mcp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.support.RealKeycloak;

/**
 * Runs the test class against the reference MCP gateway, started once for the class on a free port
 * beside the shared Keycloak and the emulators (which are reset before each test); constructors and
 * test methods may take a {@link GatewayUnderTest}, as well as what {@link RealKeycloak} provides.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealKeycloak
@ExtendWith(GatewayExtension.class)
@interface McpGateway {
}
