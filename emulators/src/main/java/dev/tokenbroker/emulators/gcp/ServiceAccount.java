package dev.tokenbroker.emulators.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A service account and the federated members holding {@code roles/iam.workloadIdentityUser} (or
 * Token Creator) on it: {@code principal://…/subject/<subject>} or {@code principalSet://…/*}.
 */
public record ServiceAccount(String email, List<String> impersonators) {

    public ServiceAccount {
        Objects.requireNonNull(email, "email");
        impersonators = impersonators == null ? List.of() : List.copyOf(impersonators);
    }

    public boolean allows(String principal, String principalSetOfPool) {
        return impersonators.contains(principal) || impersonators.contains(principalSetOfPool);
    }

    public ServiceAccount withImpersonator(String member) {
        List<String> copy = new ArrayList<>(impersonators);
        copy.add(member);
        return new ServiceAccount(email, copy);
    }
}
