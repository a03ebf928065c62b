package dev.tokenbroker.suspension;

import java.util.Objects;

/**
 * One kill-switch entry: an agent (by client id) or a user (by id) whose exchanges are refused until
 * it is lifted. Stored with the realm, so every node reads the same entries through the realm cache.
 *
 * @param kind    whose exchanges stop
 * @param subject the agent's client id, or the user's id
 * @param reason  what the admin wrote; shown to callers and in the record
 * @param since   epoch seconds
 * @param by      the admin who suspended (user name), for the trail
 */
public record Suspension(Kind kind, String subject, String reason, long since, String by) {

    public enum Kind {
        AGENT, USER;

        String attributePrefix() {
            return "tokenbroker.suspended." + name().toLowerCase(java.util.Locale.ROOT) + ".";
        }
    }

    public Suspension {
        Objects.requireNonNull(kind, "kind");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a suspension names an agent or a user");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a suspension needs a reason");
        }
        if (reason.length() > 200) {
            throw new IllegalArgumentException("reason is limited to 200 characters");
        }
    }
}
