package dev.tokenbroker.emulators.gcp;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OIDC provider of a workload (or workforce) identity pool.
 *
 * @param name             full resource name, the STS {@code audience}:
 *                         {@code //iam.googleapis.com/projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL>/providers/<PROVIDER>}
 *                         or {@code //iam.googleapis.com/locations/global/workforcePools/<POOL>/providers/<PROVIDER>}
 * @param issuer           the OIDC issuer URI
 * @param allowedAudiences accepted {@code aud}. Workload pools: empty means the provider's full name with or
 *                         without {@code https:} in front, as in GCP. Workforce pools: the provider's
 *                         {@code oidc.clientId} (GCP requires {@code aud} to match it), so never empty
 * @param subjectClaim     the attribute mapping {@code google.subject=assertion.<subjectClaim>} (default sub)
 * @param condition        optional attribute condition; null for none
 */
public record WorkloadIdentityProvider(String name, String issuer, List<String> allowedAudiences, String subjectClaim,
                                       AttributeCondition condition) {

    static final String IAM_PREFIX = "//iam.googleapis.com/";
    static final String WORKFORCE_PREFIX = "locations/global/workforcePools/";
    private static final Pattern NAME = Pattern.compile("//iam\\.googleapis\\.com/("
            + "projects/\\d+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}"
            + "|locations/global/workforcePools/[a-z0-9-]{4,63})/providers/[a-z0-9-]{4,32}");

    public WorkloadIdentityProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a workload/workforce identity pool provider name: " + name);
        }
        allowedAudiences = allowedAudiences == null ? List.of() : List.copyOf(allowedAudiences);
        if (name.startsWith(IAM_PREFIX + WORKFORCE_PREFIX) && allowedAudiences.isEmpty()) {
            throw new IllegalArgumentException("workforce pool provider " + name + " needs its OIDC client id as audience");
        }
        subjectClaim = subjectClaim == null || subjectClaim.isBlank() ? "sub" : subjectClaim;
    }

    static boolean isProviderName(String candidate) {
        return NAME.matcher(candidate).matches();
    }

    /** Workforce pools federate people (organisation level); workload pools federate workloads (project level). */
    @JsonIgnore
    public boolean isWorkforce() {
        return name.startsWith(IAM_PREFIX + WORKFORCE_PREFIX);
    }

    /** The pool part of the name, e.g. {@code projects/123/locations/global/workloadIdentityPools/acme-pool}. */
    public String poolPath() {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalStateException(name);
        }
        return m.group(1);
    }

    public List<String> effectiveAudiences() {
        return allowedAudiences.isEmpty() ? List.of(name, "https:" + name) : allowedAudiences;
    }

    /** The IAM principal identifier of a federated subject of this pool. */
    public String principal(String subject) {
        return "principal://iam.googleapis.com/" + poolPath() + "/subject/" + subject;
    }

    /** The IAM principal set of every identity of this pool. */
    public String principalSetAll() {
        return "principalSet://iam.googleapis.com/" + poolPath() + "/*";
    }

    public WorkloadIdentityProvider withIssuer(String newIssuer) {
        return new WorkloadIdentityProvider(name, newIssuer, allowedAudiences, subjectClaim, condition);
    }

    public WorkloadIdentityProvider withAllowedAudiences(List<String> audiences) {
        return new WorkloadIdentityProvider(name, issuer, audiences, subjectClaim, condition);
    }

    public WorkloadIdentityProvider withCondition(AttributeCondition newCondition) {
        return new WorkloadIdentityProvider(name, issuer, allowedAudiences, subjectClaim, newCondition);
    }
}
