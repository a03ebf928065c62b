package dev.tokenbroker.exchange;

import java.io.IOException;
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
        if (token == null) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JsonSerialization.mapper.readTree(decoder.decode(token.substring(0, first)));
            if (header == null || !header.isObject()) {
                return null;
            }
            return new UnverifiedJwt(header, decoder.decode(token.substring(first + 1, second)));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    /** The header's {@code alg} when it is a string, else {@code null}. */
    String algorithm() {
        JsonNode alg = header.get("alg");
        return alg != null && alg.isTextual() ? alg.asText() : null;
    }

    /** Whether the raw payload mentions {@code text} at all: a cheap pre-check before parsing it. */
    boolean payloadMentions(String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= payload.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (payload[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
