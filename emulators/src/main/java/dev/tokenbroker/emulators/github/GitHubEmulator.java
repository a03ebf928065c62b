package dev.tokenbroker.emulators.github;

import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.http.RandomStrings;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.RequestLog;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub as a plain OAuth 2 identity provider (no OIDC): a GitHub App's web flow
 * ({@code /login/oauth/authorize}, {@code /login/oauth/access_token}) and {@code GET /user}.
 *
 * <p>What makes it GitHub and not RFC 6749: the token endpoint answers
 * {@code application/x-www-form-urlencoded} unless the request's {@code Accept} names
 * {@code application/json}; its errors come with HTTP 200 ({@code bad_verification_code},
 * {@code bad_refresh_token}, {@code incorrect_client_credentials}, {@code redirect_uri_mismatch},
 * {@code unsupported_grant_type}); user access tokens ({@code ghu_}) live 8 hours and come with a
 * refresh token ({@code ghr_}, 6 months) that is rotated on every refresh; codes are single-use and
 * live 10 minutes. The browser's account is signed in and has authorized the app already, so the
 * authorization endpoint redirects straight back with a code (GitHub shows no page then either).
 */
public final class GitHubEmulator extends PlatformEmulator<GitHubConfig> {

    public static final String CONTEXT = "/github";
    static final String AUTHORIZE_PATH = "/login/oauth/authorize";
    static final String TOKEN_PATH = "/login/oauth/access_token";
    static final String USER_PATH = "/user";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final Set<String> SECRETS = Set.of("code", "client_secret", "refresh_token");

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, GitHubGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, GitHubGrant> refreshTokens = new ConcurrentHashMap<>();

    public GitHubEmulator(GitHubConfig config, URI serverBase, Clock clock, RequestLog log) {
        super("github", config, serverBase, clock, log);
    }

    @Override
    public java.util.List<String> contextPaths() {
        return java.util.List.of(CONTEXT);
    }

    /** Stands for {@code https://github.com/login/oauth/authorize}. */
    public URI authorizeUri() {
        return uriOf(CONTEXT + AUTHORIZE_PATH);
    }

    /** Stands for {@code https://github.com/login/oauth/access_token}. */
    public URI tokenUri() {
        return uriOf(CONTEXT + TOKEN_PATH);
    }

    /** Stands for {@code https://api.github.com/user}. */
    public URI userUri() {
        return uriOf(CONTEXT + USER_PATH);
    }

    /** Whom an access token this emulator issued acts for, if it did. */
    public Optional<GitHubGrant> issuedToken(String accessToken) {
        return Optional.ofNullable(accessTokens.get(accessToken));
    }

    /** The user revokes the app's authorization (Settings → Applications): her tokens and refresh tokens stop working. */
    public void revokeAuthorization(String login) {
        accessTokens.values().removeIf(g -> g.login().equals(login));
        refreshTokens.values().removeIf(g -> g.login().equals(login));
    }

    @Override
    protected void resetState() {
        codes.clear();
        accessTokens.clear();
        refreshTokens.clear();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (call.subPath().equals(AUTHORIZE_PATH) && call.method().equals("GET")) {
            return authorize(call);
        }
        if (call.subPath().equals(TOKEN_PATH) && call.method().equals("POST")) {
            return token(call);
        }
        if (call.subPath().equals(USER_PATH) && call.method().equals("GET")) {
            return user(call);
        }
        return notFound(call);
    }

    // ---- web flow: authorize ---------------------------------------------------------------------

    private Reply authorize(Call call) {
        FormParams query = FormParams.parse(call.query());
        Map<String, String> recorded = new LinkedHashMap<>(query.redacted(Set.of()));
        call.params(recorded);
        GitHubConfig app = config();
        if (!query.get("client_id").map(app.clientId()::equals).orElse(false)) {
            return new Reply(404, "text/html; charset=utf-8", "<html><body><h1>404</h1><p>Not Found</p></body></html>",
                    Map.of(), Outcome.rejected("404", "unknown client_id"));
        }
        Optional<String> state = query.get("state");
        String redirectUri = query.get("redirect_uri").orElse(app.callbackUrl());
        if (!isUnderCallback(redirectUri, app.callbackUrl())) {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("error", "redirect_uri_mismatch");
            error.put("error_description", "The redirect_uri MUST match the registered callback URL for this application.");
            return redirect(app.callbackUrl(), error, state, Outcome.rejected("redirect_uri_mismatch", redirectUri));
        }
        if (app.signedInUser() == null || app.user(app.signedInUser()).isEmpty()) {
            return new Reply(200, "text/html; charset=utf-8", "<html><body><h1>Sign in to GitHub</h1></body></html>",
                    Map.of(), Outcome.rejected("login_required", "nobody signed in"));
        }
        String code = RandomStrings.from("0123456789abcdef", 20);
        codes.put(code, new Code(new GitHubGrant(app.signedInUser(), query.get("scope").orElse(""),
                clock.instant().plus(CODE_LIFETIME)), redirectUri));
        return redirect(redirectUri, Map.of("code", code), state, Outcome.accepted("code for " + app.signedInUser()));
    }

    /** GitHub: the redirect URI's host and port equal the callback URL's, its path the callback's or below. */
    private static boolean isUnderCallback(String redirectUri, String callbackUrl) {
        try {
            URI redirect = URI.create(redirectUri);
            URI callback = URI.create(callbackUrl);
            String callbackPath = callback.getPath() == null ? "" : callback.getPath();
            return redirect.getScheme() != null && redirect.getScheme().equals(callback.getScheme())
                    && redirect.getAuthority() != null && redirect.getAuthority().equals(callback.getAuthority())
                    && redirect.getPath() != null && (redirect.getPath().equals(callbackPath)
                    || redirect.getPath().startsWith(callbackPath.endsWith("/") ? callbackPath : callbackPath + "/"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Reply redirect(String target, Map<String, String> params, Optional<String> state, Outcome outcome) {
        StringBuilder location = new StringBuilder(target).append(target.contains("?") ? '&' : '?');
        Map<String, String> all = new LinkedHashMap<>(params);
        state.ifPresent(s -> all.put("state", s));
        location.append(form(all));
        return new Reply(302, "text/html; charset=utf-8", "", Map.of("Location", location.toString()), outcome);
    }

    // ---- web flow: token ---------------------------------------------------------------------------

    private Reply token(Call call) {
        boolean json = call.header("Accept").map(a -> a.contains("application/json")).orElse(false);
        FormParams form = call.form();
        call.params(form.redacted(SECRETS));
        GitHubConfig app = config();
        if (!clientAuthenticated(call, form, app)) {
            return error(json, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
        }
        String grantType = form.get("grant_type").orElse("authorization_code");
        return switch (grantType) {
            case "authorization_code" -> redeemCode(form, json, app);
            case "refresh_token" -> refresh(form, json, app);
            default -> error(json, "unsupported_grant_type", "The grant type is not supported.");
        };
    }

    /** {@code client_id} and {@code client_secret} in the form, or HTTP Basic. */
    private static boolean clientAuthenticated(Call call, FormParams form, GitHubConfig app) {
        Optional<String> basic = call.header("Authorization").filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
        if (basic.isPresent()) {
            try {
                String pair = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon > 0 && decode(pair.substring(0, colon)).equals(app.clientId())
                        && decode(pair.substring(colon + 1)).equals(app.clientSecret());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return form.get("client_id").map(app.clientId()::equals).orElse(false)
                && form.get("client_secret").map(app.clientSecret()::equals).orElse(false);
    }

    private Reply redeemCode(FormParams form, boolean json, GitHubConfig app) {
        Code code = form.get("code").map(codes::remove).orElse(null);
        if (code == null || !code.grant().liveAt(clock.instant())) {
            return error(json, "bad_verification_code", "The code passed is incorrect or expired.");
        }
        if (form.get("redirect_uri").isPresent() && !form.get("redirect_uri").get().equals(code.redirectUri())) {
            return error(json, "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.");
        }
        return issue(code.grant().login(), code.grant().scope(), json, app);
    }

    private Reply refresh(FormParams form, boolean json, GitHubConfig app) {
        // Rotation: a refresh token works once.
        GitHubGrant grant = form.get("refresh_token").map(refreshTokens::remove).orElse(null);
        if (grant == null || !grant.liveAt(clock.instant())) {
            return error(json, "bad_refresh_token", "The refresh token passed is incorrect or expired.");
        }
        return issue(grant.login(), grant.scope(), json, app);
    }

    private Reply issue(String login, String scope, boolean json, GitHubConfig app) {
        Instant now = clock.instant();
        String accessToken = "ghu_" + RandomStrings.from(RandomStrings.UPPER_ALPHANUMERIC, 36);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        if (app.accessTokenSeconds() > 0) {
            String refreshToken = "ghr_" + RandomStrings.from(RandomStrings.UPPER_ALPHANUMERIC, 76);
            accessTokens.put(accessToken, new GitHubGrant(login, scope, now.plusSeconds(app.accessTokenSeconds())));
            refreshTokens.put(refreshToken, new GitHubGrant(login, scope, now.plusSeconds(app.refreshTokenSeconds())));
            answer.put("expires_in", app.accessTokenSeconds());
            answer.put("refresh_token", refreshToken);
            answer.put("refresh_token_expires_in", app.refreshTokenSeconds());
        } else {
            accessTokens.put(accessToken, new GitHubGrant(login, scope, null));
        }
        answer.put("scope", scope.replace(' ', ','));
        answer.put("token_type", "bearer");
        return answer(json, answer, Outcome.accepted(login));
    }

    private static Reply error(boolean json, String error, String description) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        answer.put("error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors");
        return answer(json, answer, Outcome.rejected(error, description));
    }

    /** GitHub answers token requests with 200 whatever happened, in the format the {@code Accept} header asked for. */
    private static Reply answer(boolean json, Map<String, Object> members, Outcome outcome) {
        if (json) {
            return Reply.json(200, members, outcome);
        }
        Map<String, String> text = new LinkedHashMap<>();
        members.forEach((name, value) -> text.put(name, String.valueOf(value)));
        return new Reply(200, FORM, form(text), Map.of(), outcome);
    }

    // ---- REST API: the signed-in user --------------------------------------------------------------

    private Reply user(Call call) {
        Optional<String> token = call.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7) || h.regionMatches(true, 0, "token ", 0, 6))
                .map(h -> h.substring(h.indexOf(' ') + 1).trim());
        token.ifPresent(call::presented);
        GitHubGrant grant = token.map(accessTokens::get).filter(g -> g.liveAt(clock.instant())).orElse(null);
        Optional<GitHubUser> user = grant == null ? Optional.empty() : config().user(grant.login());
        if (user.isEmpty()) {
            return Reply.json(401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest",
                    "status", "401"), Outcome.rejected("401", token.isPresent() ? "bad credentials" : "no token"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", user.get().login());
        body.put("id", user.get().id());
        body.put("type", "User");
        body.put("name", user.get().name());
        body.put("email", user.get().email());
        return Reply.json(200, body, Outcome.accepted(user.get().login()));
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, FORM, "access_token=gh", Map.of(), Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return Reply.json(404, Map.of("message", "Not Found", "documentation_url", "https://docs.github.com/rest",
                "status", "404"), Outcome.rejected("404", call.path()));
    }

    private static String form(Map<String, String> members) {
        StringBuilder body = new StringBuilder();
        members.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A code and the redirect URI it was issued for (GitHub checks the one sent when redeeming it). */
    private record Code(GitHubGrant grant, String redirectUri) {
    }
}
