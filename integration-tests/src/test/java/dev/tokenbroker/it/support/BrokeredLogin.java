package dev.tokenbroker.it.support;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signs a user in to a realm through one of its identity providers, as a browser does: the client's
 * authorization request with {@code kc_idp_hint}, redirects to the identity provider's login form, the
 * form filled in, back to the realm's broker endpoint, through the first-broker-login flow (review
 * profile when Keycloak shows it, then the account created), and back to the client with a code.
 * Cookies are kept per login like a browser's; every redirect is followed by hand.
 */
public final class BrokeredLogin {

    private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"(kc-form-login|kc-update-profile-form|kc-idp-review-profile-form)\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern FORM_ANY_ORDER = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"(kc-form-login|kc-update-profile-form|kc-idp-review-profile-form)\"");
    private static final Pattern INPUT = Pattern.compile("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"");
    private static final int MAX_STEPS = 20;

    private BrokeredLogin() {
    }

    /** The token response of the client after the user signed in through {@code idpAlias} with her IdP credentials. */
    public static JsonNode login(Realm realm, String clientId, String idpAlias, String username, String password) {
        Http browser = new Http();
        String redirectUri = Realm.LOOPBACK_REDIRECT;
        String verifier = PkceLogin.randomUrlSafe(32);
        String state = PkceLogin.randomUrlSafe(16);
        Map<String, Object> query = Http.form(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid profile email",
                "state", state, "code_challenge", PkceLogin.challenge(verifier), "code_challenge_method", "S256",
                "kc_idp_hint", idpAlias);
        Http.Response page = browser.get(URI.create(realm.oidc("auth") + "?" + Http.formBody(query)));
        URI current = realm.oidc("auth");
        boolean credentialsSent = false;
        for (int step = 0; step < MAX_STEPS; step++) {
            String location = page.header("Location");
            if (page.status() == 302 || page.status() == 303) {
                if (location.startsWith(redirectUri)) {
                    return PkceLogin.redeem(realm, browser, clientId, redirectUri, verifier, state, URI.create(location));
                }
                current = current.resolve(location);
                page = browser.get(current);
                continue;
            }
            if (page.status() != 200) {
                throw new AssertionError("brokered login stopped at " + current + ": " + page);
            }
            Matcher form = FORM.matcher(page.body());
            String id;
            String action;
            if (form.find()) {
                id = form.group(1);
                action = form.group(2);
            } else {
                Matcher other = FORM_ANY_ORDER.matcher(page.body());
                if (!other.find()) {
                    throw new AssertionError("brokered login: unexpected page at " + current + ": " + title(page.body()));
                }
                id = other.group(2);
                action = other.group(1);
            }
            URI target = current.resolve(action.replace("&amp;", "&"));
            if (id.equals("kc-form-login")) {
                if (credentialsSent) {
                    throw new AssertionError("brokered login: credentials refused at " + current);
                }
                credentialsSent = true;
                page = browser.postForm(target, Http.form("username", username, "password", password, "credentialId", ""));
            } else {
                // review profile: submit what the identity provider sent, unchanged
                Map<String, Object> fields = new java.util.LinkedHashMap<>();
                Matcher input = INPUT.matcher(page.body());
                while (input.find()) {
                    fields.put(input.group(1), input.group(2).replace("&#64;", "@").replace("&amp;", "&"));
                }
                page = browser.postForm(target, fields);
            }
            current = target;
        }
        throw new AssertionError("brokered login did not finish within " + MAX_STEPS + " steps");
    }

    private static String title(String html) {
        Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(html);
        String h1 = html.replaceAll("(?s).*?<h1[^>]*>\\s*([^<]*)</h1>.*", "$1");
        return (title.find() ? title.group(1) : "?") + " / " + (h1.length() < 200 ? h1.trim() : "");
    }
}
