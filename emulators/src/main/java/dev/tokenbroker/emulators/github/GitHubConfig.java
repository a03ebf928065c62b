package dev.tokenbroker.emulators.github;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One GitHub App (user-to-server tokens) and the accounts of the emulated GitHub.
 *
 * @param clientId             the app's client id
 * @param clientSecret         its client secret
 * @param callbackUrl          the registered callback URL: a {@code redirect_uri} must be it or a path below it
 *                             (GitHub: same host and port, a subdirectory of the callback path)
 * @param accessTokenSeconds   life of user access tokens (GitHub Apps: 8 hours); 0 for tokens that do not
 *                             expire and come without a refresh token (OAuth apps, or expiry switched off)
 * @param refreshTokenSeconds  life of refresh tokens (GitHub Apps: 6 months)
 * @param users                the accounts
 * @param signedInUser         the login of the account signed in to GitHub in the browser, which has already
 *                             authorized the app, so {@code /login/oauth/authorize} redirects straight back;
 *                             {@code null}: nobody is signed in
 */
public record GitHubConfig(String clientId, String clientSecret, String callbackUrl, long accessTokenSeconds,
                           long refreshTokenSeconds, List<GitHubUser> users, String signedInUser) {

    public GitHubConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        users = users == null ? List.of() : List.copyOf(users);
    }

    public Optional<GitHubUser> user(String login) {
        return users.stream().filter(u -> u.login().equals(login)).findFirst();
    }

    public GitHubConfig withCallbackUrl(String url) {
        return new GitHubConfig(clientId, clientSecret, url, accessTokenSeconds, refreshTokenSeconds, users, signedInUser);
    }

    public GitHubConfig withSignedInUser(String login) {
        return new GitHubConfig(clientId, clientSecret, callbackUrl, accessTokenSeconds, refreshTokenSeconds, users, login);
    }

    public GitHubConfig withAccessTokenSeconds(long seconds) {
        return new GitHubConfig(clientId, clientSecret, callbackUrl, seconds, refreshTokenSeconds, users, signedInUser);
    }
}
