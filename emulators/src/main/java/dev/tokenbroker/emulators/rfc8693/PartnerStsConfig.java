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
 * @param trustedIssuers        further issuers whose subject (and actor) tokens are accepted, each with its
 *                              own audiences and keys (e.g. the corporate IdP); a token is checked against the
 *                              trust of the issuer it names
 */
public record PartnerStsConfig(String issuer, List<String> subjectTokenAudiences, List<String> targetAudiences,
                               List<String> allowedScopes, List<PartnerClient> clients, List<TrustedIssuer> trustedIssuers) {

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
        trustedIssuers = trustedIssuers == null ? List.of() : List.copyOf(trustedIssuers);
    }

    public Optional<PartnerClient> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** Adds or replaces (by client id) a client. */
    public PartnerStsConfig withClient(PartnerClient client) {
        List<PartnerClient> copy = new ArrayList<>(withoutClient(client.clientId()).clients());
        copy.add(client);
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, copy, trustedIssuers);
    }

    public PartnerStsConfig withoutClient(String clientId) {
        List<PartnerClient> copy = new ArrayList<>(clients);
        copy.removeIf(c -> c.clientId().equals(clientId));
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, copy, trustedIssuers);
    }

    public PartnerStsConfig withSubjectTokenAudiences(List<String> audiences) {
        return new PartnerStsConfig(issuer, audiences, targetAudiences, allowedScopes, clients, trustedIssuers);
    }

    public PartnerStsConfig withTargetAudiences(List<String> audiences) {
        return new PartnerStsConfig(issuer, subjectTokenAudiences, audiences, allowedScopes, clients, trustedIssuers);
    }

    public PartnerStsConfig withAllowedScopes(List<String> scopes) {
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, scopes, clients, trustedIssuers);
    }

    /** Adds a trusted issuer, or replaces the one with the same issuer URL. */
    public PartnerStsConfig withTrustedIssuer(TrustedIssuer trusted) {
        List<TrustedIssuer> copy = new ArrayList<>(withoutTrustedIssuer(trusted.issuer()).trustedIssuers());
        copy.add(trusted);
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, clients, copy);
    }

    public PartnerStsConfig withoutTrustedIssuer(String trustedIssuer) {
        List<TrustedIssuer> copy = new ArrayList<>(trustedIssuers);
        copy.removeIf(t -> t.issuer().equals(trustedIssuer));
        return new PartnerStsConfig(issuer, subjectTokenAudiences, targetAudiences, allowedScopes, clients, copy);
    }

    /**
     * Every trust of {@code from} moves to {@code to}: the realm issuer, a trusted issuer, and clients whose
     * assertions were verified with {@code from}'s JWKS (the realm signing its own client assertions); other
     * clients keep their key source.
     */
    public PartnerStsConfig movingIssuer(String from, String to) {
        List<PartnerClient> moved = clients.stream()
                .map(c -> from.equals(c.jwksIssuer()) ? c.withJwksIssuer(to) : c)
                .toList();
        List<TrustedIssuer> trusted = trustedIssuers.stream()
                .map(t -> t.issuer().equals(from) ? new TrustedIssuer(to, t.audiences()) : t)
                .toList();
        return new PartnerStsConfig(issuer.equals(from) ? to : issuer, subjectTokenAudiences, targetAudiences,
                allowedScopes, moved, trusted);
    }
}
