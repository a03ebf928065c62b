package dev.tokenbroker.emulators.trust;

import com.nimbusds.jose.JWSAlgorithm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one platform requires of a presented JWT. Immutable; build with {@link #of} and the
 * {@code with…} methods.
 *
 * @param issuer       the exact {@code iss} expected; also the only place keys are fetched from
 * @param algorithms   the pinned signature algorithms
 * @param audiences    accepted {@code aud} values; the token must carry at least one of them
 * @param clockSkew    tolerance applied to {@code exp}, {@code nbf} and {@code iat}
 * @param maxLifetime  if present, {@code exp - iat} must be strictly below it
 * @param requiredClaims claims that must be present besides {@code iss, aud, exp, iat}
 */
public record TokenPolicy(String issuer, Set<JWSAlgorithm> algorithms, List<String> audiences,
                          Duration clockSkew, Optional<Duration> maxLifetime, Set<String> requiredClaims) {

    /** Most platforms tolerate about a minute of clock difference. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public TokenPolicy {
        Objects.requireNonNull(issuer, "issuer");
        algorithms = Set.copyOf(algorithms);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        requiredClaims = Set.copyOf(requiredClaims);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm must be pinned");
        }
    }

    public static TokenPolicy of(String issuer, Set<JWSAlgorithm> algorithms, List<String> audiences) {
        return new TokenPolicy(issuer, algorithms, audiences, DEFAULT_CLOCK_SKEW, Optional.empty(), Set.of());
    }

    public TokenPolicy withClockSkew(Duration skew) {
        return new TokenPolicy(issuer, algorithms, audiences, skew, maxLifetime, requiredClaims);
    }

    public TokenPolicy withMaxLifetime(Duration lifetime) {
        return new TokenPolicy(issuer, algorithms, audiences, clockSkew, Optional.of(lifetime), requiredClaims);
    }

    public TokenPolicy requiring(String... claims) {
        return new TokenPolicy(issuer, algorithms, audiences, clockSkew, maxLifetime, Set.of(claims));
    }
}
