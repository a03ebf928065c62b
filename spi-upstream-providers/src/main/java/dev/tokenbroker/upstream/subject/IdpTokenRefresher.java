package dev.tokenbroker.upstream.subject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.http.UpstreamHttp;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * RFC 6749 §6 refresh at an identity provider's token endpoint, through the broker's outbound rules
 * ({@link UpstreamHttp}: checked destinations, timeouts, no redirects, bounded answers). One path for
 * OIDC and plain OAuth 2 providers alike: Keycloak's own {@code retrieveToken} refreshes only for some
 * provider types and calls out through its general HTTP client, outside those rules.
 *
 * <p>Plain OAuth 2 providers (GitHub-style) may answer {@code application/x-www-form-urlencoded}, and
 * some answer an error with status 200; both are read.
 */
public final class IdpTokenRefresher {


    private final UpstreamHttp http;

    public IdpTokenRefresher(UpstreamHttp http) {
        this.http = http;
    }

    /**
     * @throws RefreshRefused  the provider refused the refresh token ({@code invalid_grant})
     * @throws UpstreamFailure the provider is unreachable, failing or answering nonsense (transient), or refused otherwise
     */
    public RefreshedTokens refresh(IdpClient client, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.GRANT_TYPE, OAuth2Constants.REFRESH_TOKEN);
        form.put(OAuth2Constants.REFRESH_TOKEN, refreshToken);
        Map<String, String> headers = new HashMap<>();
        if (client.basicAuth()) {
            headers.put("Authorization", basic(client.clientId(), client.clientSecret()));
        } else {
            form.put(OAuth2Constants.CLIENT_ID, client.clientId());
            form.put(OAuth2Constants.CLIENT_SECRET, client.clientSecret());
        }
        return read(http.postForm(client.tokenEndpoint(), form, headers));
    }

    static RefreshedTokens read(UpstreamResponse response) {
        Map<String, String> body = members(response);
        String error = body.get(OAuth2Constants.ERROR);
        if (error != null || !response.isSuccess()) {
            String reason = PlatformReason.sanitise(response.status() + (error == null ? "" : " " + error)
                    + (body.get(OAuth2Constants.ERROR_DESCRIPTION) == null ? "" : ": " + body.get(OAuth2Constants.ERROR_DESCRIPTION)));
            if (org.keycloak.OAuthErrorException.INVALID_GRANT.equals(error) || "bad_refresh_token".equals(error)) {
                throw new RefreshRefused(reason);
            }
            throw response.isSuccess() ? UpstreamFailure.rejected(reason) : UpstreamFailure.forStatus(response.status(), reason);
        }
        String accessToken = body.get(OAuth2Constants.ACCESS_TOKEN);
        if (accessToken == null || accessToken.isBlank()) {
            throw UpstreamFailure.unavailable("malformed refresh answer (HTTP " + response.status() + ", no access_token)", null);
        }
        long expiresIn;
        try {
            expiresIn = body.get(OAuth2Constants.EXPIRES_IN) == null ? 0 : Long.parseLong(body.get(OAuth2Constants.EXPIRES_IN));
        } catch (NumberFormatException e) {
            throw UpstreamFailure.unavailable("malformed refresh answer (HTTP " + response.status() + ", bad expires_in)", null);
        }
        return new RefreshedTokens(accessToken, body.get(OAuth2Constants.REFRESH_TOKEN), body.get(OAuth2Constants.ID_TOKEN),
                body.get(OAuth2Constants.SCOPE), body.get(OAuth2Constants.TOKEN_TYPE), Math.max(expiresIn, 0));
    }

    /** The answer's members as text, from a JSON object or a form-encoded body. */
    private static Map<String, String> members(UpstreamResponse response) {
        Map<String, String> members = new HashMap<>();
        String body = response.body().trim();
        if (body.startsWith("{")) {
            try {
                JsonNode json = JsonSerialization.mapper.readTree(body);
                json.fields().forEachRemaining(field -> {
                    if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                        members.put(field.getKey(), field.getValue().asText());
                    }
                });
            } catch (java.io.IOException e) {
                throw UpstreamFailure.unavailable("malformed refresh answer (HTTP " + response.status() + ", not JSON)", null);
            }
        } else if (response.contentType().startsWith("application/x-www-form-urlencoded") || body.contains("=")) {
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2) {
                    members.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return members;
    }

    private static String basic(String clientId, String secret) {
        // RFC 6749 §2.3.1: each part form-urlencoded before joining.
        String pair = java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret == null ? "" : secret, StandardCharsets.UTF_8);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
