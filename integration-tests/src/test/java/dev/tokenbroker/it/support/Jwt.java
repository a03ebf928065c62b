package dev.tokenbroker.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads and forges compact JWTs for assertions and negative tests; verification is the server's job. */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode header(String jwt) {
        return decodePart(jwt, 0);
    }

    public static JsonNode claims(String jwt) {
        return decodePart(jwt, 1);
    }

    /** The same token with its payload replaced and the original signature kept: a tampered token. */
    public static String withClaims(String jwt, ObjectNode claims) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(claims.toString()) + "." + parts[2];
    }

    /** An unsigned token ({@code alg=none}) carrying the given claims. */
    public static String unsigned(ObjectNode claims) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims.toString()) + ".";
    }

    private static JsonNode decodePart(String jwt, int index) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
