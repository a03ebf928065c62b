package dev.tokenbroker.emulators.github;

import java.time.Instant;

/**
 * What a code, an access token or a refresh token the emulator issued stands for (the token string is
 * the lookup key, not kept here).
 *
 * @param login     the account
 * @param scope     the granted scopes, space-separated (GitHub answers them comma-separated)
 * @param expiresAt {@code null} for an access token that does not expire
 */
public record GitHubGrant(String login, String scope, Instant expiresAt) {

    boolean liveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
