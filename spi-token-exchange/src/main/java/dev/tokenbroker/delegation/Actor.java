package dev.tokenbroker.delegation;

import java.util.Objects;

/**
 * One party acting on behalf of the subject (RFC 8693 §4.1): an agent or service, identified by its
 * client_id, or a human, identified by the user's {@code sub}.
 *
 * <p>Only {@code sub} is carried into the {@code act} claim: the claim is evidence of who acted, and
 * anything more (names, e-mails) would leak about the actor to every audience of the token.
 */
public record Actor(String subject) {

    public Actor {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("actor subject must not be blank");
        }
    }
}
