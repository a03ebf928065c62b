package dev.tokenbroker.upstream.rfc8693;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.OAuth2Constants;

import dev.tokenbroker.upstream.http.UpstreamHttp;

/**
 * An RFC 8693 §2.1 token exchange request, as every platform that speaks it receives it (Databricks
 * federation, GCP STS, any RFC 8693 server): the form is built here, the platform specifics (which
 * optional parameters, which client authentication) around it. Absent values are left out.
 */
public final class TokenExchangeRequest {

    private final Map<String, String> form = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private TokenExchangeRequest() {
    }

    /** {@code grant_type}, {@code subject_token} and {@code subject_token_type}: what every exchange carries. */
    public static TokenExchangeRequest forSubject(String subjectToken, String subjectTokenType) {
        return new TokenExchangeRequest()
                .param(OAuth2Constants.GRANT_TYPE, OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE)
                .param(OAuth2Constants.SUBJECT_TOKEN, subjectToken)
                .param(OAuth2Constants.SUBJECT_TOKEN_TYPE, subjectTokenType);
    }

    public TokenExchangeRequest audience(String audience) {
        return param(OAuth2Constants.AUDIENCE, audience);
    }

    public TokenExchangeRequest resource(String resource) {
        return param(OAuth2Constants.RESOURCE, resource);
    }

    public TokenExchangeRequest scope(String scope) {
        return param(OAuth2Constants.SCOPE, scope);
    }

    public TokenExchangeRequest requestedTokenType(String tokenType) {
        return param(OAuth2Constants.REQUESTED_TOKEN_TYPE, tokenType);
    }

    public TokenExchangeRequest clientId(String clientId) {
        return param(OAuth2Constants.CLIENT_ID, clientId);
    }

    /** Any other form parameter (client assertions, a platform's extras); {@code null} leaves it out. */
    public TokenExchangeRequest param(String name, String value) {
        if (value != null) {
            form.put(name, value);
        }
        return this;
    }

    public TokenExchangeRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Posts the form and reads the answer.
     *
     * @param step names the call in failure reasons where a platform makes more than one (GCP's {@code sts}), else empty
     * @throws dev.tokenbroker.upstream.UpstreamFailure the platform's refusal or unavailability
     */
    public TokenExchangeAnswer post(UpstreamHttp http, URI endpoint, String step) {
        return TokenExchangeAnswer.parse(http.postForm(endpoint, form, headers), step);
    }

    /** The form as it will be sent. */
    Map<String, String> form() {
        return Map.copyOf(form);
    }
}
