package dev.tokenbroker.upstream;

import java.util.Map;

/**
 * What a platform returned, as it goes out in the RFC 8693 response (§2.2.1).
 *
 * @param accessToken     the platform token (or credential) in {@code access_token}
 * @param issuedTokenType {@code issued_token_type}
 * @param tokenType       {@code token_type}: {@code Bearer}, or {@code N_A} for credentials that are not bearer tokens
 * @param expiresIn       seconds the token stays valid, as the platform said (capped by the flow)
 * @param scope           the scope the platform granted, or {@code null}
 * @param extraMembers    additional response members (e.g. {@code aws_credentials}); never secrets of ours
 */
public record UpstreamToken(String accessToken, String issuedTokenType, String tokenType, long expiresIn,
                            String scope, Map<String, Object> extraMembers) {

    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    public static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    public UpstreamToken {
        extraMembers = extraMembers == null ? Map.of() : Map.copyOf(extraMembers);
    }

    public static UpstreamToken bearer(String accessToken, String issuedTokenType, long expiresIn, String scope) {
        return new UpstreamToken(accessToken, issuedTokenType, "Bearer", expiresIn, scope, Map.of());
    }

    public UpstreamToken withExpiresIn(long seconds) {
        return new UpstreamToken(accessToken, issuedTokenType, tokenType, seconds, scope, extraMembers);
    }
}
