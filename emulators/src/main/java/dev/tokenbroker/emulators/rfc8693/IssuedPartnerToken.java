package dev.tokenbroker.emulators.rfc8693;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An access token the partner STS issued (the opaque token string is the lookup key, not kept here).
 *
 * @param subject    the subject token's {@code sub}
 * @param act        the RFC 8693 §4.1 actor of the new token: the actor token's subject, with the subject
 *                   token's own {@code act} nested as the prior actor; without an actor token, the subject
 *                   token's {@code act} unchanged; empty when neither names one
 * @param clientId   the client that asked
 * @param authMethod how that client authenticated
 * @param scope      the granted scope, space-delimited; empty string for none
 * @param audiences  the {@code audience} parameter values the token was issued for
 * @param resources  the {@code resource} parameter values the token was issued for
 * @param expiresAt  when it stops being valid
 */
public record IssuedPartnerToken(String subject, Optional<Map<String, Object>> act, String clientId,
                                 ClientAuthMethod authMethod, String scope, List<String> audiences,
                                 List<String> resources, Instant expiresAt) {

    public IssuedPartnerToken {
        // Not Map.copyOf: the claim is untrusted JSON and may hold nulls.
        act = act.map(a -> Collections.unmodifiableMap(new LinkedHashMap<>(a)));
        audiences = List.copyOf(audiences);
        resources = List.copyOf(resources);
    }
}
