package dev.tokenbroker.emulators.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulated AWS account: its IAM OIDC provider and the roles that trust it.
 */
public record AwsStsConfig(String accountId, OidcProvider provider, List<AwsRole> roles) {

    public AwsStsConfig {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(provider, "provider");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public Optional<AwsRole> role(String arn) {
        return roles.stream().filter(r -> r.arn().equals(arn)).findFirst();
    }

    /** Adds or replaces (by ARN) a role. */
    public AwsStsConfig withRole(AwsRole role) {
        List<AwsRole> copy = new ArrayList<>(roles);
        copy.removeIf(r -> r.arn().equals(role.arn()));
        copy.add(role);
        return new AwsStsConfig(accountId, provider, copy);
    }

    public AwsStsConfig withProvider(OidcProvider newProvider) {
        return new AwsStsConfig(accountId, newProvider, roles);
    }

    public AwsStsConfig withIssuer(String issuer) {
        return new AwsStsConfig(accountId, new OidcProvider(issuer, provider.clientIds()), roles);
    }
}
