package dev.tokenbroker.upstream.spi;

import java.util.Map;

import dev.tokenbroker.upstream.lifetime.LifetimeRequest;

/**
 * What a platform returned, as it goes out in the RFC 8693 response (§2.2.1).
 *
 * @param accessToken     the platform token (or credential) in {@code access_token}
 * @param issuedTokenType {@code issued_token_type}
 * @param tokenType       {@code token_type}: {@code Bearer}, or {@code N_A} for credentials that are not bearer tokens
 * @param expiresIn       seconds the token stays valid, as the platform said (the flow caps what the caller is told)
 * @param scope           the scope the platform granted, or {@code null}
 * @param extraMembers    additional response members (e.g. {@code aws_credentials}); never secrets of ours
 * @param lifetimeRequest the lifetime asked of the platform, {@link LifetimeRequest#NONE} where it takes none
 */
public record UpstreamToken(String accessToken, String issuedTokenType, String tokenType, long expiresIn,
                            String scope, Map<String, Object> extraMembers, LifetimeRequest lifetimeRequest) {

    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    public static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    public UpstreamToken {
        extraMembers = extraMembers == null ? Map.of() : Map.copyOf(extraMembers);
        lifetimeRequest = lifetimeRequest == null ? LifetimeRequest.NONE : lifetimeRequest;
    }

    /** A token from a platform that was asked for no particular lifetime. */
    public UpstreamToken(String accessToken, String issuedTokenType, String tokenType, long expiresIn,
                         String scope, Map<String, Object> extraMembers) {
        this(accessToken, issuedTokenType, tokenType, expiresIn, scope, extraMembers, LifetimeRequest.NONE);
    }

    public static UpstreamToken bearer(String accessToken, String issuedTokenType, long expiresIn, String scope) {
        return new UpstreamToken(accessToken, issuedTokenType, "Bearer", expiresIn, scope, Map.of());
    }

    public UpstreamToken withExpiresIn(long seconds) {
        return new UpstreamToken(accessToken, issuedTokenType, tokenType, seconds, scope, extraMembers, lifetimeRequest);
    }

    public UpstreamToken withLifetimeRequest(LifetimeRequest request) {
        return new UpstreamToken(accessToken, issuedTokenType, tokenType, expiresIn, scope, extraMembers, request);
    }
}
