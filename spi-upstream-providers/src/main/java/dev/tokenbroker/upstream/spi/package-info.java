/**
 * The upstream SPI: what a data platform implementation provides ({@link dev.tokenbroker.upstream.spi.UpstreamProviderFactory}),
 * what it is handed ({@link dev.tokenbroker.upstream.spi.UpstreamCall}) and what it answers
 * ({@link dev.tokenbroker.upstream.spi.UpstreamToken}, {@link dev.tokenbroker.upstream.spi.UpstreamFailure}).
 *
 * <p>The provider interface itself, {@link dev.tokenbroker.upstream.UpstreamProvider}, stays one package up: Keycloak
 * stores its fully qualified name as the component type of every configured upstream (realm exports, the admin REST
 * {@code providerType}), so moving it would orphan every realm's upstreams.
 */
package dev.tokenbroker.upstream.spi;
