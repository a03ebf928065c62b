package dev.tokenbroker.emulators.gcp;

import java.time.Instant;
import java.util.List;

/** A service account access token issued by the emulated IAM Credentials API, and who asked for it. */
public record ServiceAccountToken(String serviceAccount, String principal, List<String> scopes, Instant expiresAt) {
}
