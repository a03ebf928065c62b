package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The 200 body of the OIDC token endpoints (shape from databricks-sql-go fixtures). */
record DatabricksTokenResponse(@JsonProperty("access_token") String accessToken,
                               @JsonProperty("token_type") String tokenType,
                               @JsonProperty("expires_in") long expiresIn,
                               String scope) {
}
