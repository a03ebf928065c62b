package dev.tokenbroker.emulators.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The emulated Google Cloud identity setup: pool providers and impersonable service accounts. */
public record GcpStsConfig(List<WorkloadIdentityProvider> providers, List<ServiceAccount> serviceAccounts) {

    public GcpStsConfig {
        providers = providers == null ? List.of() : List.copyOf(providers);
        serviceAccounts = serviceAccounts == null ? List.of() : List.copyOf(serviceAccounts);
    }

    public Optional<WorkloadIdentityProvider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ServiceAccount> serviceAccount(String email) {
        return serviceAccounts.stream().filter(s -> s.email().equals(email)).findFirst();
    }

    /** Adds or replaces (by name) a provider. */
    public GcpStsConfig withProvider(WorkloadIdentityProvider provider) {
        List<WorkloadIdentityProvider> copy = new ArrayList<>(providers);
        copy.removeIf(p -> p.name().equals(provider.name()));
        copy.add(provider);
        return new GcpStsConfig(copy, serviceAccounts);
    }

    /** Adds or replaces (by e-mail) a service account. */
    public GcpStsConfig withServiceAccount(ServiceAccount account) {
        List<ServiceAccount> copy = new ArrayList<>(serviceAccounts);
        copy.removeIf(s -> s.email().equals(account.email()));
        copy.add(account);
        return new GcpStsConfig(providers, copy);
    }

    /** Every provider trusting {@code from} trusts {@code to} instead. */
    public GcpStsConfig movingIssuer(String from, String to) {
        return new GcpStsConfig(providers.stream().map(p -> p.issuer().equals(from) ? p.withIssuer(to) : p).toList(),
                serviceAccounts);
    }
}
