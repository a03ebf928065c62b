package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Error body of Databricks REST APIs: {@code {"error_code":"…","message":"…"}}. */
record DatabricksApiError(@JsonProperty("error_code") String errorCode, String message) {
}
