package dev.tokenbroker.emulators.databricks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the emulated Databricks account trusts and who exists in it.
 *
 * @param accountId                the account id, in the account token path and the default audience
 * @param accountPolicies          the account federation policies (users), at most one per issuer here:
 *                                 a token is checked against the policy of the issuer it names, e.g. the
 *                                 realm for federated exchange and the corporate IdP for brokered exchange
 * @param servicePrincipalPolicies service principal federation policies (workloads)
 * @param provisionedUsers         Databricks user names provisioned by SCIM (usually e-mail addresses;
 *                                 compared case-insensitively)
 */
public record DatabricksConfig(String accountId, List<FederationPolicy> accountPolicies,
                               List<ServicePrincipalPolicy> servicePrincipalPolicies, List<String> provisionedUsers) {

    public DatabricksConfig {
        Objects.requireNonNull(accountId, "accountId");
        accountPolicies = accountPolicies == null ? List.of() : List.copyOf(accountPolicies);
        if (accountPolicies.stream().map(FederationPolicy::issuer).distinct().count() != accountPolicies.size()) {
            throw new IllegalArgumentException("one account federation policy per issuer");
        }
        servicePrincipalPolicies = servicePrincipalPolicies == null ? List.of() : List.copyOf(servicePrincipalPolicies);
        provisionedUsers = provisionedUsers == null ? List.of() : List.copyOf(provisionedUsers);
    }

    public boolean isProvisioned(String userName) {
        return provisionedUsers.stream().anyMatch(u -> u.equalsIgnoreCase(userName));
    }

    public Optional<FederationPolicy> accountPolicy(String issuer) {
        return accountPolicies.stream().filter(p -> p.issuer().equals(issuer)).findFirst();
    }

    public Optional<ServicePrincipalPolicy> servicePrincipal(String applicationId) {
        return servicePrincipalPolicies.stream().filter(p -> p.applicationId().equals(applicationId)).findFirst();
    }

    public DatabricksConfig withProvisionedUser(String userName) {
        List<String> users = new ArrayList<>(provisionedUsers);
        users.add(userName);
        return new DatabricksConfig(accountId, accountPolicies, servicePrincipalPolicies, users);
    }

    public DatabricksConfig withoutProvisionedUser(String userName) {
        List<String> users = new ArrayList<>(provisionedUsers);
        users.removeIf(u -> u.toLowerCase(Locale.ROOT).equals(userName.toLowerCase(Locale.ROOT)));
        return new DatabricksConfig(accountId, accountPolicies, servicePrincipalPolicies, users);
    }

    /** Adds an account federation policy, or replaces the one for the same issuer. */
    public DatabricksConfig withAccountPolicy(FederationPolicy policy) {
        List<FederationPolicy> policies = new ArrayList<>(accountPolicies);
        policies.removeIf(p -> p.issuer().equals(policy.issuer()));
        policies.add(policy);
        return new DatabricksConfig(accountId, policies, servicePrincipalPolicies, provisionedUsers);
    }

    /** Deletes the account federation policy of that issuer, if any. */
    public DatabricksConfig withoutAccountPolicy(String issuer) {
        List<FederationPolicy> policies = new ArrayList<>(accountPolicies);
        policies.removeIf(p -> p.issuer().equals(issuer));
        return new DatabricksConfig(accountId, policies, servicePrincipalPolicies, provisionedUsers);
    }

    public DatabricksConfig withServicePrincipalPolicy(ServicePrincipalPolicy policy) {
        List<ServicePrincipalPolicy> policies = new ArrayList<>(servicePrincipalPolicies);
        policies.removeIf(p -> p.applicationId().equals(policy.applicationId()));
        policies.add(policy);
        return new DatabricksConfig(accountId, accountPolicies, policies, provisionedUsers);
    }

    /** Every policy that trusts {@code from} trusts {@code to} instead (e.g. the realm URL given on the command line). */
    public DatabricksConfig movingIssuer(String from, String to) {
        return new DatabricksConfig(accountId,
                accountPolicies.stream().map(p -> p.issuer().equals(from) ? p.withIssuer(to) : p).toList(),
                servicePrincipalPolicies.stream()
                        .map(p -> p.oidc().issuer().equals(from)
                                ? new ServicePrincipalPolicy(p.applicationId(), p.oidc().withIssuer(to), p.subject()) : p)
                        .toList(),
                provisionedUsers);
    }
}
