package dev.tokenbroker.upstream.gcp;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenbroker.upstream.PlatformJson;
import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * IAM Credentials' answer to generateAccessToken: {@code {"accessToken", "expireTime" (RFC 3339)}}, or a
 * Google API error {@code {"error": {"code", "message", "status"}}}, reported as
 * {@code iamcredentials <code> <status>: <message>}.
 *
 * @param accessToken the service account's access token
 * @param expiresIn   seconds until {@code expireTime}
 */
record GenerateAccessTokenAnswer(String accessToken, long expiresIn) {

    static final String STEP = "iamcredentials";

    /** @throws UpstreamFailure rejected for Google's refusal (4xx), unavailable for a 5xx or an answer that is not Google's */
    static GenerateAccessTokenAnswer parse(UpstreamResponse response, UpstreamClock clock) {
        JsonNode body = PlatformJson.object(response.body());
        if (!response.isSuccess()) {
            throw UpstreamFailure.forStatus(response.status(), STEP + " " + errorReason(response.status(), body));
        }
        if (body == null) {
            throw malformed(response, "not a JSON object", null);
        }
        String accessToken = PlatformJson.text(body, "accessToken");
        if (accessToken == null) {
            throw malformed(response, "no accessToken", null);
        }
        String expireTime = PlatformJson.text(body, "expireTime");
        if (expireTime == null) {
            throw malformed(response, "no expireTime", null);
        }
        try {
            return new GenerateAccessTokenAnswer(accessToken, Instant.parse(expireTime).getEpochSecond() - clock.nowSeconds());
        } catch (DateTimeParseException e) {
            throw malformed(response, "bad expireTime", e);
        }
    }

    /** Google API errors nest {@code code}, {@code status} and {@code message} under {@code error}; anything else, the status alone. */
    private static String errorReason(int status, JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject()) {
            return String.valueOf(status);
        }
        String googleStatus = PlatformJson.text(error, "status");
        String message = PlatformJson.text(error, "message");
        return PlatformReason.sanitise(status + " " + (googleStatus == null ? "" : googleStatus) + ": " + (message == null ? "" : message));
    }

    private static UpstreamFailure malformed(UpstreamResponse response, String what, Throwable cause) {
        return UpstreamFailure.unavailable(STEP + " malformed answer (HTTP " + response.status() + ", " + what + ")", cause);
    }
}
