package dev.tokenbroker.emulators.databricks;

import java.time.Instant;

/** An access token the emulator issued (the token string is the lookup key, not kept here). */
public record IssuedDatabricksToken(DatabricksPrincipal principal, String scope, Instant expiresAt,
                                    String federatedSubject) {
}
