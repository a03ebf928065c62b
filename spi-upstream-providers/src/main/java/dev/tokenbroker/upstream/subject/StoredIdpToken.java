package dev.tokenbroker.upstream.subject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.util.JsonSerialization;

/**
 * The token response Keycloak stored for a user's link to an identity provider ("store tokens" on),
 * as {@code FederatedIdentityModel.getToken()} holds it: the provider's JSON answer plus Keycloak's
 * absolute {@code accessTokenExpiration}. Members this class does not know are kept when it is
 * written back, so Keycloak's own readers still find theirs.
 *
 * <p>A refresh the provider refused replaces the stored answer with a mark ({@link #refusedMark}):
 * the dead refresh token is dropped, and the next request can say why there is no token.
 */
public final class StoredIdpToken {

    /** Where Keycloak (26.x) stores the access token's absolute expiry, epoch seconds. */
    static final String EXPIRATION = "accessTokenExpiration";
    static final String REFUSED_AT = "tokenbroker_refresh_refused_at";
    static final String REFUSED_REASON = "tokenbroker_refresh_refused";


    private final ObjectNode stored;

    private StoredIdpToken(ObjectNode stored) {
        this.stored = stored;
    }

    /**
     * The stored answer, or {@code null} when nothing (readable) is stored. Keycloak stores a provider's
     * token answer as it came: JSON (with its {@code accessTokenExpiration} added), or, from a plain OAuth 2
     * provider that answered form-encoded (GitHub when not asked for JSON), the form itself. A stored form
     * has no time it was stored, so its {@code expires_in} tells nothing: the expiry is a JWT's {@code exp}
     * or unknown until the broker refreshes and stores JSON.
     */
    public static StoredIdpToken parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        if (!json.trim().startsWith("{")) {
            return formAnswer(json.trim());
        }
        try {
            JsonNode node = JsonSerialization.mapper.readTree(json);
            return node instanceof ObjectNode object ? new StoredIdpToken(object) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** An {@code application/x-www-form-urlencoded} answer as Keycloak stored it; {@code null} without an access token. */
    private static StoredIdpToken formAnswer(String form) {
        ObjectNode members = JsonSerialization.mapper.createObjectNode();
        for (String pair : form.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (nameAndValue.length == 2 && !nameAndValue[0].isEmpty()) {
                try {
                    members.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                            URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return null; // a malformed %-escape: not a form answer
                }
            }
        }
        return members.hasNonNull("access_token") ? new StoredIdpToken(members) : null;
    }

    /** What is stored after the provider refused a refresh: no tokens, only when and why. */
    public static String refusedMark(long now, String reason) {
        ObjectNode mark = JsonSerialization.mapper.createObjectNode();
        mark.put(REFUSED_AT, now);
        mark.put(REFUSED_REASON, reason);
        return mark.toString();
    }

    public boolean isRefusedMark() {
        return stored.hasNonNull(REFUSED_AT);
    }

    public long refusedAt() {
        return stored.path(REFUSED_AT).asLong();
    }

    public String refusedReason() {
        return stored.path(REFUSED_REASON).asText("");
    }

    public String accessToken() {
        return text("access_token");
    }

    public String refreshToken() {
        return text("refresh_token");
    }

    public String idToken() {
        return text("id_token");
    }

    public String scope() {
        return text("scope");
    }

    public String tokenType() {
        String type = text("token_type");
        return type == null ? "Bearer" : type;
    }

    /**
     * When the access token expires (epoch seconds): Keycloak's stored expiry, else a JWT's {@code exp},
     * else 0 — unknown, as with providers whose tokens do not expire (GitHub OAuth apps).
     */
    public long expiresAt() {
        long stored = this.stored.path(EXPIRATION).asLong(0);
        if (stored > 0) {
            return stored;
        }
        JsonNode claims = jwtClaims(accessToken());
        return claims == null ? 0 : claims.path("exp").asLong(0);
    }

    /** Where {@link #expiresAt} comes from, for the record: {@code stored}, {@code jwt} or {@code unknown}. */
    public String expirySource() {
        if (stored.path(EXPIRATION).asLong(0) > 0) {
            return "stored";
        }
        return expiresAt() > 0 ? "jwt" : "unknown";
    }

    /**
     * Whether the access token has less than {@code minValiditySeconds} left. With its expiry unknown: never
     * (tokens that do not expire, GitHub OAuth apps), unless the provider said it expires ({@code expires_in})
     * and gave a refresh token, in a stored form that does not say when (GitHub Apps): then refreshing is the
     * only way to know, and what it stores says.
     */
    public boolean needsRefresh(long now, int minValiditySeconds) {
        long expiresAt = expiresAt();
        if (expiresAt == 0) {
            return stored.hasNonNull("expires_in") && refreshToken() != null;
        }
        return expiresAt - now < Math.max(minValiditySeconds, 1);
    }

    /** Seconds left, or {@code fallback} when the expiry is unknown. */
    public long expiresIn(long now, long fallback) {
        long expiresAt = expiresAt();
        return expiresAt > 0 ? Math.max(expiresAt - now, 0) : fallback;
    }

    /** The {@code aud} of a JWT access token; {@code null} when the token is not a JWT (opaque tokens have no audience to check). */
    public List<String> jwtAudiences() {
        JsonNode claims = jwtClaims(accessToken());
        if (claims == null) {
            return null;
        }
        List<String> audiences = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            audiences.add(aud.asText());
        } else if (aud.isArray()) {
            aud.forEach(value -> audiences.add(value.asText()));
        }
        return audiences;
    }

    /**
     * The stored answer after a refresh (RFC 6749 §6): the new access token and expiry; a rotated
     * refresh token replaces the old one, and without one the old stays valid (§5.1); a new ID token
     * and scope replace the old ones when sent.
     */
    public StoredIdpToken refreshedWith(RefreshedTokens answer, long now) {
        ObjectNode next = stored.deepCopy();
        next.put("access_token", answer.accessToken());
        putIfPresent(next, "refresh_token", answer.refreshToken());
        putIfPresent(next, "id_token", answer.idToken());
        putIfPresent(next, "scope", answer.scope());
        putIfPresent(next, "token_type", answer.tokenType());
        if (answer.expiresIn() > 0) {
            next.put("expires_in", answer.expiresIn());
            next.put(EXPIRATION, now + answer.expiresIn());
        } else {
            next.remove("expires_in");
            next.remove(EXPIRATION);
        }
        return new StoredIdpToken(next);
    }

    public String toJson() {
        return stored.toString();
    }

    private String text(String member) {
        JsonNode value = stored.get(member);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }

    private static void putIfPresent(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }

    /** The claims of a token if it is a JWT (unverified), else {@code null}. */
    public static JsonNode jwtClaimsOf(String token) {
        return jwtClaims(token);
    }

    /** The payload of a compact JWS, unverified: only read to tell expiry and audience of a token we hold anyway. */
    static JsonNode jwtClaims(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JsonSerialization.mapper.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims != null && claims.isObject() ? claims : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}
