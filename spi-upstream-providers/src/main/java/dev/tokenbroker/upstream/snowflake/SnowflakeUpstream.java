package dev.tokenbroker.upstream.snowflake;

import java.util.List;
import java.util.Map;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/** No outbound call: the assertion, carrying the session role in {@code scp}, is the Snowflake bearer token. */
final class SnowflakeUpstream implements UpstreamProvider {

    private final RoleMapping roles;

    SnowflakeUpstream(RoleMapping roles) {
        this.roles = roles;
    }

    @Override
    public Map<String, Object> platformClaims(UpstreamCall call) {
        String role = roles.roleFor(call.realm(), call.grant().user());
        if (role == null) {
            throw UpstreamFailure.notMappable("the user has no Snowflake role under this upstream's role mapping");
        }
        return Map.of("scp", List.of("session:role:" + role));
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        // The assertion is the token: minted for no longer than the grant, so nothing to ask or cap.
        return new UpstreamToken(assertion.jwt(), UpstreamToken.JWT_TYPE, "Bearer",
                assertion.expiresAt() - UpstreamClock.KEYCLOAK.nowSeconds(), null, Map.of());
    }
}
