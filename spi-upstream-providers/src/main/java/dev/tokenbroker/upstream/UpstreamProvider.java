package dev.tokenbroker.upstream;

import java.util.Map;

import org.keycloak.provider.Provider;

import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * One data platform reached by federated exchange, configured as a realm component. Keycloak mints a
 * short-lived assertion for the user (see {@link dev.tokenbroker.upstream.jwt.AssertionMinter}); the
 * provider adds the claims its platform needs and redeems the assertion for the platform's token.
 *
 * <p>Implementations refuse with {@link UpstreamFailure}, never log tokens or secrets, and make no
 * more than the platform's own calls (the flow caches what they return).
 */
public interface UpstreamProvider extends Provider {

    /**
     * Platform-specific claims for the assertion, beyond {@code iss sub aud act iat exp jti client_id}
     * (e.g. Snowflake's {@code scp}, AWS session tags). Only what the platform config asks for.
     */
    default Map<String, Object> platformClaims(UpstreamCall call) {
        return Map.of();
    }

    /** Exchanges the signed assertion at the platform (or hands it over) for the platform's token. */
    UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion);

    @Override
    default void close() {
    }
}
