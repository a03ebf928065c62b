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
 * @param accountPolicy            the account federation policy (users)
 * @param servicePrincipalPolicies service principal federation policies (workloads)
 * @param provisionedUsers         Databricks user names provisioned by SCIM (usually e-mail addresses;
 *                                 compared case-insensitively)
 */
public record DatabricksConfig(String accountId, FederationPolicy accountPolicy,
                               List<ServicePrincipalPolicy> servicePrincipalPolicies, List<String> provisionedUsers) {

    public DatabricksConfig {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accountPolicy, "accountPolicy");
        servicePrincipalPolicies = servicePrincipalPolicies == null ? List.of() : List.copyOf(servicePrincipalPolicies);
        provisionedUsers = provisionedUsers == null ? List.of() : List.copyOf(provisionedUsers);
    }

    public boolean isProvisioned(String userName) {
        return provisionedUsers.stream().anyMatch(u -> u.equalsIgnoreCase(userName));
    }

    public Optional<ServicePrincipalPolicy> servicePrincipal(String applicationId) {
        return servicePrincipalPolicies.stream().filter(p -> p.applicationId().equals(applicationId)).findFirst();
    }

    public DatabricksConfig withProvisionedUser(String userName) {
        List<String> users = new ArrayList<>(provisionedUsers);
        users.add(userName);
        return new DatabricksConfig(accountId, accountPolicy, servicePrincipalPolicies, users);
    }

    public DatabricksConfig withoutProvisionedUser(String userName) {
        List<String> users = new ArrayList<>(provisionedUsers);
        users.removeIf(u -> u.toLowerCase(Locale.ROOT).equals(userName.toLowerCase(Locale.ROOT)));
        return new DatabricksConfig(accountId, accountPolicy, servicePrincipalPolicies, users);
    }

    public DatabricksConfig withAccountPolicy(FederationPolicy policy) {
        return new DatabricksConfig(accountId, policy, servicePrincipalPolicies, provisionedUsers);
    }

    public DatabricksConfig withServicePrincipalPolicy(ServicePrincipalPolicy policy) {
        List<ServicePrincipalPolicy> policies = new ArrayList<>(servicePrincipalPolicies);
        policies.removeIf(p -> p.applicationId().equals(policy.applicationId()));
        policies.add(policy);
        return new DatabricksConfig(accountId, accountPolicy, policies, provisionedUsers);
    }

    /** Points every policy at another issuer (e.g. the realm URL given on the command line). */
    public DatabricksConfig withIssuer(String issuer) {
        return new DatabricksConfig(accountId, accountPolicy.withIssuer(issuer),
                servicePrincipalPolicies.stream()
                        .map(p -> new ServicePrincipalPolicy(p.applicationId(), p.oidc().withIssuer(issuer), p.subject()))
                        .toList(),
                provisionedUsers);
    }
}
