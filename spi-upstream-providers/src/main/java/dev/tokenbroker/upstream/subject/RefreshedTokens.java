package dev.tokenbroker.upstream.subject;

/**
 * A provider's answer to an RFC 6749 §6 refresh. {@code expiresIn} is 0 when the provider sent none;
 * the other members are {@code null} when absent.
 */
public record RefreshedTokens(String accessToken, String refreshToken, String idToken, String scope, String tokenType,
                              long expiresIn) {
}
