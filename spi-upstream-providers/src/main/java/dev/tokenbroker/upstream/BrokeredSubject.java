package dev.tokenbroker.upstream;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.IdentityProviderModel;

import dev.tokenbroker.exchange.flow.FlowRequest;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.subject.StoredIdpToken;
import dev.tokenbroker.upstream.subject.StoredIdpTokens;
import dev.tokenbroker.upstream.subject.SubjectTokenSource;

/**
 * Brokered exchange's proof of the user: her stored token of the corporate identity provider (ID or
 * access token, refreshed first when nearly expired), forwarded to the platform in place of a minted
 * JWT. The platform verifies it against the corporate IdP's keys; its {@code jti} goes in the record as
 * the assertion id, since that is what the platform logs.
 */
final class BrokeredSubject {

    /** A forwarded token must outlive the platform's exchange call; the refresh margin for it. */
    static final int MIN_VALIDITY_SECONDS = 30;

    private BrokeredSubject() {
    }

    static MintedAssertion of(FlowRequest request, UpstreamSettings settings) {
        SubjectTokenSource source = settings.subjectToken();
        IdentityProviderModel provider = StoredIdpTokens.enabledProvider(request.session(), source.identityProvider(), settings.alias());
        StoredIdpToken stored = StoredIdpTokens.current(request, settings.alias(), provider, MIN_VALIDITY_SECONDS,
                settings.connectTimeoutMs(), settings.readTimeoutMs()).token();
        String token = source.tokenOf(stored);
        if (token == null || StoredIdpToken.jwtClaimsOf(token) == null) {
            throw UpstreamFailure.rejected("the stored " + (source.idToken() ? "ID" : "access") + " token of identity provider '"
                    + source.identityProvider() + "' is " + (token == null ? "missing" : "not a JWT") + "; the platform needs a JWT");
        }
        com.fasterxml.jackson.databind.JsonNode claims = StoredIdpToken.jwtClaimsOf(token);
        return new MintedAssertion(token, claims.path("jti").asText(null), claims.path("iat").asLong(0), claims.path("exp").asLong(0),
                source.idToken() ? OAuth2Constants.ID_TOKEN_TYPE : OAuth2Constants.ACCESS_TOKEN_TYPE);
    }
}
