package dev.tokenbroker.emulators.rfc8693;

import java.util.List;
import java.util.Objects;

/**
 * A further issuer whose subject and actor tokens the partner STS accepts, besides the realm: e.g. the
 * corporate IdP, whose tokens the broker forwards in brokered exchange. Keys come from its discovery.
 *
 * @param issuer    the exact {@code iss}
 * @param audiences accepted {@code aud}; a token must carry at least one
 */
public record TrustedIssuer(String issuer, List<String> audiences) {

    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("trusted issuer " + issuer + " must name at least one accepted aud");
        }
    }
}
