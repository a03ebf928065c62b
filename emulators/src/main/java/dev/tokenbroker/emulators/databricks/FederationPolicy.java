package dev.tokenbroker.emulators.databricks;

import java.util.List;
import java.util.Objects;

/**
 * The {@code oidc_policy} of a Databricks federation policy.
 *
 * @param issuer       exact {@code iss}; keys come from its discovery document
 * @param audiences    accepted {@code aud} values; empty means "the account id", as in Databricks
 * @param subjectClaim claim holding the Databricks user name (account policy) or the fixed subject
 *                     (service principal policy); default {@code sub}
 */
public record FederationPolicy(String issuer, List<String> audiences, String subjectClaim) {

    public FederationPolicy {
        Objects.requireNonNull(issuer, "issuer");
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        subjectClaim = subjectClaim == null || subjectClaim.isBlank() ? "sub" : subjectClaim;
    }

    /** The audiences actually enforced: the configured ones, else the account id. */
    public List<String> effectiveAudiences(String accountId) {
        return audiences.isEmpty() ? List.of(accountId) : audiences;
    }

    public FederationPolicy withIssuer(String newIssuer) {
        return new FederationPolicy(newIssuer, audiences, subjectClaim);
    }

    public FederationPolicy withAudiences(List<String> newAudiences) {
        return new FederationPolicy(issuer, newAudiences, subjectClaim);
    }

    public FederationPolicy withSubjectClaim(String newSubjectClaim) {
        return new FederationPolicy(issuer, audiences, newSubjectClaim);
    }
}
