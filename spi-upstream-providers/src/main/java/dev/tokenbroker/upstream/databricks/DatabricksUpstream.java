package dev.tokenbroker.upstream.databricks;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.upstream.UpstreamCall;
import dev.tokenbroker.upstream.UpstreamFailure;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamToken;
import dev.tokenbroker.upstream.http.JsonBodies;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.http.UpstreamResponse;

/** RFC 8693 exchange at Databricks' OIDC token endpoint; the answer is a Databricks OAuth token. */
final class DatabricksUpstream implements UpstreamProvider {

    private final String servicePrincipalClientId;

    DatabricksUpstream(String servicePrincipalClientId) {
        this.servicePrincipalClientId = servicePrincipalClientId;
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", assertion.jwt());
        form.put("subject_token_type", UpstreamToken.JWT_TYPE);
        form.put("scope", call.scope());
        form.put("client_id", servicePrincipalClientId);
        UpstreamResponse response = call.http().postForm(call.settings().tokenEndpoint(), form, Map.of());
        JsonBodies.requireSuccess(response);
        JsonNode body = JsonBodies.object(response);
        String accessToken = JsonBodies.requiredText(body, "access_token", response);
        if (!body.path("expires_in").canConvertToLong() || body.path("expires_in").asLong() <= 0) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", no expires_in)", null);
        }
        String scope = body.path("scope").isTextual() ? body.path("scope").asText() : call.scope();
        return UpstreamToken.bearer(accessToken, UpstreamToken.ACCESS_TOKEN_TYPE, body.path("expires_in").asLong(), scope);
    }
}
