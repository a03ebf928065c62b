package dev.tokenbroker.upstream.databricks;

import org.keycloak.OAuth2Constants;

import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.rfc8693.TokenExchangeAnswer;
import dev.tokenbroker.upstream.rfc8693.TokenExchangeRequest;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * RFC 8693 exchange at Databricks' OIDC token endpoint; the answer is a Databricks OAuth token.
 *
 * <p>Lifetime: Databricks takes no lifetime parameter; its token's lifetime derives from the federated
 * token's, and the assertion already ends no later than the grant. Should Databricks issue longer,
 * the flow caps {@code expires_in} and notes it.
 */
final class DatabricksUpstream implements UpstreamProvider {

    private final String servicePrincipalClientId;

    DatabricksUpstream(String servicePrincipalClientId) {
        this.servicePrincipalClientId = servicePrincipalClientId;
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        TokenExchangeAnswer answer = TokenExchangeRequest.forSubject(assertion.jwt(), OAuth2Constants.JWT_TOKEN_TYPE)
                .scope(call.scope())
                .clientId(servicePrincipalClientId) // only for workload identity federation to a service principal
                .post(call.http(), call.settings().tokenEndpoint(), "");
        return UpstreamToken.bearer(answer.accessToken(), OAuth2Constants.ACCESS_TOKEN_TYPE, answer.requiredExpiresIn(),
                answer.scopeOr(call.scope()));
    }
}
