package dev.tokenbroker.upstream.rfc8693;

import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.OAuth2Constants;

import dev.tokenbroker.upstream.PlatformJson;
import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * A token exchange answer read the way RFC 8693 §2.2 defines it. A 2xx must be the §2.2.1 JSON
 * object with an {@code access_token}; the other members are read when present and well-formed, and
 * a malformed one is an unusable answer rather than a guess. Anything else is a §2.2.2 error: its
 * {@code error} and {@code error_description}, cleaned ({@link PlatformReason}), become the reason.
 *
 * @param status          the HTTP status (for messages)
 * @param accessToken     {@code access_token}
 * @param issuedTokenType {@code issued_token_type}, or {@code null} (REQUIRED by the RFC, yet often missing)
 * @param tokenType       {@code token_type}, or {@code null}
 * @param expiresIn       {@code expires_in} when present (only RECOMMENDED)
 * @param scope           {@code scope}, or {@code null}
 */
public record TokenExchangeAnswer(int status, String accessToken, String issuedTokenType, String tokenType,
                                  OptionalLong expiresIn, String scope) {

    /**
     * @param step prefixes failure reasons where a platform makes more than one call, else empty
     * @throws UpstreamFailure rejected for a 4xx refusal; unavailable for a 5xx or an unusable 2xx
     */
    public static TokenExchangeAnswer parse(UpstreamResponse response, String step) {
        String prefix = step == null || step.isEmpty() ? "" : step + " ";
        if (!response.isSuccess()) {
            throw UpstreamFailure.forStatus(response.status(), prefix + errorReason(response));
        }
        JsonNode body = PlatformJson.object(response.body());
        if (body == null) {
            throw malformed(prefix, response, "not a JSON object");
        }
        JsonNode accessToken = body.get(OAuth2Constants.ACCESS_TOKEN);
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
            throw malformed(prefix, response, "no " + OAuth2Constants.ACCESS_TOKEN);
        }
        return new TokenExchangeAnswer(response.status(), accessToken.asText(),
                optionalText(body, OAuth2Constants.ISSUED_TOKEN_TYPE, prefix, response),
                optionalText(body, OAuth2Constants.TOKEN_TYPE, prefix, response),
                expiresIn(body, prefix, response),
                optionalText(body, OAuth2Constants.SCOPE, prefix, response));
    }

    /** {@code expires_in}, for platforms that always send it: its absence means the answer is not theirs. */
    public long requiredExpiresIn() {
        if (expiresIn.isEmpty()) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + status + ", no " + OAuth2Constants.EXPIRES_IN + ")", null);
        }
        return expiresIn.getAsLong();
    }

    public String scopeOr(String requested) {
        return scope == null ? requested : scope;
    }

    private static OptionalLong expiresIn(JsonNode body, String prefix, UpstreamResponse response) {
        JsonNode value = body.get(OAuth2Constants.EXPIRES_IN);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw malformed(prefix, response, "bad " + OAuth2Constants.EXPIRES_IN);
        }
        return OptionalLong.of(value.asLong());
    }

    private static String optionalText(JsonNode body, String member, String prefix, UpstreamResponse response) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw malformed(prefix, response, "bad " + member);
        }
        return value.asText();
    }

    /** §2.2.2: {@code <status> <error>: <error_description>}, or whichever of them is there, or the status alone. */
    private static String errorReason(UpstreamResponse response) {
        JsonNode body = PlatformJson.object(response.body());
        String error = body == null ? null : PlatformJson.text(body, OAuth2Constants.ERROR);
        String description = body == null ? null : PlatformJson.text(body, OAuth2Constants.ERROR_DESCRIPTION);
        StringBuilder reason = new StringBuilder().append(response.status());
        if (error != null) {
            reason.append(' ').append(error);
        }
        if (description != null) {
            reason.append(error != null ? ": " : " ").append(description);
        }
        return PlatformReason.sanitise(reason.toString());
    }

    private static UpstreamFailure malformed(String prefix, UpstreamResponse response, String what) {
        return UpstreamFailure.unavailable(prefix + "malformed answer (HTTP " + response.status() + ", " + what + ")", null);
    }
}
