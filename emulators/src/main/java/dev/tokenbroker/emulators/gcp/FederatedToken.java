package dev.tokenbroker.emulators.gcp;

import java.time.Instant;
import java.util.List;

/**
 * A federated access token issued by the emulated STS (token string is the lookup key).
 *
 * @param userProject the project billed for the token's use ({@code options.userProject}), or {@code null}
 */
public record FederatedToken(String principal, String principalSetOfPool, String providerName, List<String> scopes,
                             Instant expiresAt, String userProject) {
}
