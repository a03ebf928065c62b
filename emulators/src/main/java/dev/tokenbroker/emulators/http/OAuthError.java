package dev.tokenbroker.emulators.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The RFC 6749 §5.2 error body: {@code {"error":"…","error_description":"…"}}. */
public record OAuthError(String error, @JsonProperty("error_description") String errorDescription) {
}
