package dev.tokenbroker.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.util.JsonSerialization;

/**
 * A compact JWS read without verifying it, for routing and for explaining a verification failure.
 * Nothing read here is trusted: every shape a caller can send (no {@code alg}, a header that is an
 * array, a payload that is a number, bad base64) is just "not well formed", never an exception.
 */
final class UnverifiedJwt {

    private final JsonNode header;
    private final byte[] payload;

    private UnverifiedJwt(JsonNode header, byte[] payload) {
        this.header = header;
        this.payload = payload;
    }

    /** The token's parts, or {@code null} when it is not three base64url parts with a JSON object header. */
    static UnverifiedJwt read(String token) {
        int[] dots = dots(token);
        if (dots == null) {
            return null;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JsonSerialization.mapper.readTree(decoder.decode(token.substring(0, dots[0])));
            if (header == null || !header.isObject()) {
                return null;
            }
            return new UnverifiedJwt(header, decoder.decode(token.substring(dots[0] + 1, dots[1])));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    /**
     * Whether the raw payload of what looks like a compact JWS mentions any of {@code texts} at all,
     * without parsing its header: the cheap pre-check for every token exchange of the realm.
     */
    static boolean payloadMentions(String token, String... texts) {
        int[] dots = dots(token);
        if (dots == null) {
            return false;
        }
        try {
            // Latin-1 maps each byte to one char, so the search is String.indexOf's, on the raw bytes.
            String raw = new String(Base64.getUrlDecoder().decode(token.substring(dots[0] + 1, dots[1])), StandardCharsets.ISO_8859_1);
            for (String text : texts) {
                if (raw.contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The positions of a compact JWS's two dots, or {@code null} when it is not three parts with a header. */
    private static int[] dots(String token) {
        if (token == null) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        return new int[] {first, second};
    }

    /** The header's {@code alg} when it is a string, else {@code null}. */
    String algorithm() {
        JsonNode alg = header.get("alg");
        return alg != null && alg.isTextual() ? alg.asText() : null;
    }

    /** The payload as a JSON object, or {@code null} when it is not one. */
    JsonNode claims() {
        try {
            JsonNode claims = JsonSerialization.mapper.readTree(payload);
            return claims != null && claims.isObject() ? claims : null;
        } catch (IOException e) {
            return null;
        }
    }
}
