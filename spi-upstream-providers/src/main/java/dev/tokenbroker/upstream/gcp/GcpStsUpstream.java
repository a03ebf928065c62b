package dev.tokenbroker.upstream.gcp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.common.util.Time;

import dev.tokenbroker.upstream.UpstreamCall;
import dev.tokenbroker.upstream.UpstreamFailure;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamToken;
import dev.tokenbroker.upstream.http.JsonBodies;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;

/** STS exchange for a federated access token, then optionally generateAccessToken for a service account. */
final class GcpStsUpstream implements UpstreamProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String poolProvider;
    private final String serviceAccount;
    private final URI iamCredentials;
    private final int impersonationLifetime;

    GcpStsUpstream(String poolProvider, String serviceAccount, URI iamCredentials, int impersonationLifetime) {
        this.poolProvider = poolProvider;
        this.serviceAccount = serviceAccount;
        this.iamCredentials = iamCredentials;
        this.impersonationLifetime = impersonationLifetime;
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("audience", poolProvider);
        form.put("scope", call.scope());
        form.put("requested_token_type", UpstreamToken.ACCESS_TOKEN_TYPE);
        form.put("subject_token_type", UpstreamToken.JWT_TYPE);
        form.put("subject_token", assertion.jwt());
        UpstreamResponse response = call.http().postForm(call.settings().tokenEndpoint(), form, Map.of());
        failUnlessSuccess(response, "sts");
        JsonNode body = JsonBodies.object(response);
        String federated = JsonBodies.requiredText(body, "access_token", response);
        long expiresIn = body.path("expires_in").asLong(0);
        if (expiresIn <= 0) {
            throw UpstreamFailure.unavailable("malformed answer (sts HTTP " + response.status() + ", no expires_in)", null);
        }
        if (serviceAccount == null) {
            return UpstreamToken.bearer(federated, UpstreamToken.ACCESS_TOKEN_TYPE, expiresIn, call.scope());
        }
        return impersonate(call, federated);
    }

    private UpstreamToken impersonate(UpstreamCall call, String federatedToken) {
        String base = iamCredentials.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/v1/projects/-/serviceAccounts/"
                + URLEncoder.encode(serviceAccount, StandardCharsets.UTF_8) + ":generateAccessToken");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("scope", List.of(call.scope().split("\\s+")));
        request.put("lifetime", impersonationLifetime + "s");
        String json;
        try {
            json = JSON.writeValueAsString(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        UpstreamResponse response = call.http().postJson(uri, json, Map.of("Authorization", "Bearer " + federatedToken));
        failUnlessSuccess(response, "iamcredentials");
        JsonNode body = JsonBodies.object(response);
        String accessToken = JsonBodies.requiredText(body, "accessToken", response);
        long expiresIn;
        try {
            expiresIn = Instant.parse(JsonBodies.requiredText(body, "expireTime", response)).getEpochSecond() - Time.currentTime();
        } catch (DateTimeParseException e) {
            throw UpstreamFailure.unavailable("malformed answer (iamcredentials HTTP " + response.status() + ", bad expireTime)", e);
        }
        return UpstreamToken.bearer(accessToken, UpstreamToken.ACCESS_TOKEN_TYPE, expiresIn, call.scope());
    }

    /** Google answers OAuth-style errors from STS and {"error":{"code","message","status"}} from IAM. */
    private static void failUnlessSuccess(UpstreamResponse response, String step) {
        if (response.isSuccess()) {
            return;
        }
        String reason = step + " " + googleReason(response);
        throw response.isClientError() ? UpstreamFailure.rejected(reason) : UpstreamFailure.unavailable(reason, null);
    }

    private static String googleReason(UpstreamResponse response) {
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            if (error.isObject()) {
                return response.status() + " " + error.path("status").asText("") + ": " + error.path("message").asText("");
            }
        } catch (java.io.IOException notJson) {
            // not JSON: the status is all there is
        }
        return JsonBodies.oauthReason(response);
    }
}
