package dev.tokenbroker.upstream.subject;

import java.util.Locale;

import dev.tokenbroker.upstream.InvalidSetting;

/**
 * How a platform upstream proves the user: a JWT the realm mints (federated exchange, the platform
 * trusts the realm) or the user's stored token of identity provider X (brokered exchange, the platform
 * trusts the corporate IdP directly). One platform provider, two ways to prove the user.
 *
 * @param identityProvider {@code null} for minted; else the identity provider's alias
 * @param idToken          for a stored token: the ID token ({@code true}) or the access token
 */
public record SubjectTokenSource(String identityProvider, boolean idToken) {

    public static final String SOURCE = "subject.token-source";
    public static final String TYPE = "subject.token-type";
    public static final SubjectTokenSource MINTED = new SubjectTokenSource(null, false);
    private static final String IDP_PREFIX = "idp:";

    /** {@code minted} (default) or {@code idp:<alias>}; type {@code id_token} (default) or {@code access_token}. */
    public static SubjectTokenSource parse(String source, String type) {
        String value = source == null || source.isBlank() ? "minted" : source.trim();
        if (value.equals("minted")) {
            return MINTED;
        }
        if (!value.startsWith(IDP_PREFIX) || value.length() == IDP_PREFIX.length()) {
            throw new InvalidSetting(SOURCE, SOURCE + " must be minted or idp:<identity provider alias>");
        }
        String tokenType = type == null || type.isBlank() ? "id_token" : type.trim().toLowerCase(Locale.ROOT);
        if (!tokenType.equals("id_token") && !tokenType.equals("access_token")) {
            throw new InvalidSetting(TYPE, TYPE + " must be id_token or access_token");
        }
        return new SubjectTokenSource(value.substring(IDP_PREFIX.length()), tokenType.equals("id_token"));
    }

    public boolean isMinted() {
        return identityProvider == null;
    }

    /** The stored token this source forwards, or {@code null} when that token is not stored. */
    public String tokenOf(StoredIdpToken stored) {
        return idToken ? stored.idToken() : stored.accessToken();
    }

    /** For the audit record: {@code minted}, or {@code idp:<alias>/<token type>}. */
    public String describe() {
        return isMinted() ? "minted" : IDP_PREFIX + identityProvider + "/" + (idToken ? "id_token" : "access_token");
    }
}
