package dev.tokenbroker.emulators.rfc8693;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the partner STS trusts, whom it serves and what it issues tokens for.
 *
 * @param issuer                the exact {@code iss} of subject (and actor) tokens; keys come from its discovery
 * @param subjectTokenAudiences accepted {@code aud} of subject tokens; a token must carry at least one
 * @param targetAudiences       accepted values of the {@code audience} parameter. When non-empty the
 *                              parameter is required and every value sent must be one of these; when
 *                              empty it is optional and any value is accepted
 * @param allowedScopes         scopes that may be requested; a request without {@code scope} is granted all
 *                              of them. Empty means any scope, and none when none is asked for
 * @param clients               the registered clients
 */
public record PartnerStsConfig(String issuer, List<String> subjectTokenAudiences, List<String> targetAudiences,
                               List<String> allowedScopes, List<PartnerClient> clients) {

    public PartnerStsConfig {
        Objects.requireNonNull(issuer, "issuer");
        subjectTokenAudiences = subjectTokenAudiences == null ? List.of() : List.copyOf(subjectTokenAudiences);
        if (subjectTokenAudiences.isEmpty()) {
            // An empty list would refuse every token; say so at configuration time instead.
            throw new IllegalArgumentException("subjectTokenAudiences must name at least one accepted aud");
        }
        targetAudiences = targetAudiences == null ? List.of() : List.copyOf(targetAudiences);
        allowedScopes = allowedScopes == null ? List.of() : List.copyOf(allowedScopes);
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    public Optional<PartnerClient> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** Adds or replaces (by client id) a client. */
    public PartnerStsConfig withClient(PartnerClient client) {
        List<PartnerClient> copy = new ArrayList<>(clients);
        copy.removeIf(c -> c.clientId().equals(client.clientId()));
        copy.add(client);
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, copy);
    }

    public PartnerStsConfig withoutClient(String clientId) {
        List<PartnerClient> copy = new ArrayList<>(clients);
        copy.removeIf(c -> c.clientId().equals(clientId));
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, copy);
    }

    public PartnerStsConfig withSubjectTokenAudiences(List<String> audiences) {
        return new PartnerStsConfig(issuer, audiences, targetAudiences, allowedScopes, clients);
    }

    public PartnerStsConfig withTargetAudiences(List<String> audiences) {
        return new PartnerStsConfig(issuer, subjectTokenAudiences, audiences, allowedScopes, clients);
    }

    public PartnerStsConfig withAllowedScopes(List<String> scopes) {
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, scopes, clients);
    }

    /**
     * Trusts {@code newIssuer} instead; clients whose assertions were verified with the old issuer's JWKS
     * (the realm signing its own client assertions) follow it, other clients keep their key source.
     */
    public PartnerStsConfig withIssuer(String newIssuer) {
        List<PartnerClient> moved = clients.stream()
                .map(c -> issuer.equals(c.jwksIssuer()) ? c.withJwksIssuer(newIssuer) : c)
                .toList();
        return new PartnerStsConfig(newIssuer, subjectTokenAudiences, targetAudiences, allowedScopes, moved);
    }
}
