package dev.tokenbroker.emulators.databricks;

import java.util.Objects;

/**
 * A service principal federation policy (workload identity federation): tokens whose
 * {@code subjectClaim} equals {@code subject} act as the service principal {@code applicationId},
 * selected by the {@code client_id} form parameter.
 */
public record ServicePrincipalPolicy(String applicationId, FederationPolicy oidc, String subject) {

    public ServicePrincipalPolicy {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(oidc, "oidc");
        Objects.requireNonNull(subject, "subject");
    }
}
