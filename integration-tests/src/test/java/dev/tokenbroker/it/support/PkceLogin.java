package dev.tokenbroker.it.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signs a user in the way an MCP client does: authorization code with PKCE S256 and a loopback
 * redirect, the login form filled in over plain HTTP like a browser would.
 */
final class PkceLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PkceLogin() {
    }

    static JsonNode login(Realm realm, String clientId, String redirectUri, String username, String password, String scope) {
        return login(realm, clientId, redirectUri, username, password, scope, Map.of());
    }

    /** {@code extra}: more authorization request parameters, e.g. RFC 8707 {@code resource}. */
    static JsonNode login(Realm realm, String clientId, String redirectUri, String username, String password, String scope,
                          Map<String, ?> extra) {
        Http.Response tokens = tokenResponse(realm, clientId, redirectUri, username, password, scope, extra, Map.of());
        if (tokens.status() != 200) {
            throw new AssertionError("code exchange failed: " + tokens);
        }
        return tokens.json();
    }

    /**
     * The whole flow with more parameters on the authorization request ({@code extra}) and on the
     * token request ({@code tokenExtra}); the token endpoint's answer as it came, refused or not.
     */
    static Http.Response tokenResponse(Realm realm, String clientId, String redirectUri, String username, String password, String scope,
                                       Map<String, ?> extra, Map<String, ?> tokenExtra) {
        Http browser = new Http();
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        Http.Response loginPage = authorize(realm, browser, clientId, redirectUri, scope, state, challenge(verifier), extra);
        URI location = submitLoginForm(browser, loginPage, username, password);
        if (!location.toString().startsWith(redirectUri)) {
            throw new AssertionError("login did not redirect back to " + redirectUri);
        }
        return redeemResponse(realm, browser, clientId, redirectUri, verifier, state, location, tokenExtra);
    }

    /**
     * The user's half at the login page an authorization request led to: the form filled in as a
     * browser would (cookies of {@code browser} kept); returns where Keycloak sends the browser back.
     */
    static URI submitLoginForm(Http browser, Http.Response loginPage, String username, String password) {
        if (loginPage.status() != 200) {
            throw new AssertionError("authorization request refused: " + loginPage);
        }
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new AssertionError("no login form in the authorization response");
        }
        Http.Response afterLogin = browser.postForm(URI.create(action.group(1).replace("&amp;", "&")),
                Http.form("username", username, "password", password, "credentialId", ""));
        String location = afterLogin.header("Location");
        if (afterLogin.status() != 302 || location == null) {
            throw new AssertionError("login did not redirect back to the client (status " + afterLogin.status() + ")");
        }
        return URI.create(location);
    }

    /** The authorization request of a public client with PKCE S256: a login page, or an error redirect. */
    static Http.Response authorize(Realm realm, Http browser, String clientId, String redirectUri, String scope, String state,
                                   String codeChallenge, Map<String, ?> extra) {
        Map<String, Object> query = Http.form(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri,
                "scope", scope, "state", state,
                "code_challenge", codeChallenge, "code_challenge_method", "S256");
        query.putAll(extra);
        return browser.get(URI.create(realm.oidc("auth") + "?" + Http.formBody(query)));
    }

    /** The client's half after the redirect back: state checked, the code redeemed with the PKCE verifier. */
    static JsonNode redeem(Realm realm, Http browser, String clientId, String redirectUri, String verifier, String state, URI location) {
        Http.Response tokens = redeemResponse(realm, browser, clientId, redirectUri, verifier, state, location, Map.of());
        if (tokens.status() != 200) {
            throw new AssertionError("code exchange failed: " + tokens);
        }
        return tokens.json();
    }

    private static Http.Response redeemResponse(Realm realm, Http browser, String clientId, String redirectUri, String verifier,
                                                String state, URI location, Map<String, ?> tokenExtra) {
        Map<String, String> params = QueryParams.of(location);
        if (!state.equals(params.get("state"))) {
            throw new AssertionError("state not returned unchanged");
        }
        Map<String, Object> form = Http.form(
                "grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", redirectUri,
                "client_id", clientId, "code_verifier", verifier);
        form.putAll(tokenExtra);
        return browser.postForm(realm.tokenEndpoint(), form);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
