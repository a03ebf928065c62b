package dev.tokenbroker.mcp.auth;

import java.util.Set;

/**
 * An access token that passed local validation. {@code token} is only ever sent to Keycloak's token
 * endpoint as {@code subject_token}; {@code toString} leaves it out so it cannot reach a log.
 */
public record VerifiedToken(String token, String subject, String username, String agent, Set<String> scopes) {

    @Override
    public String toString() {
        return "VerifiedToken[subject=" + subject + ", username=" + username + ", agent=" + agent + ", scopes=" + scopes + "]";
    }
}
