package dev.tokenbroker.delegation;

import java.util.Locale;

/** Who is the actor when a delegation request carries no {@code actor_token}. */
public enum ImplicitActor {

    /**
     * The client the subject token was issued to ({@code azp}): the AI client the user authorized,
     * e.g. {@code claude-desktop}, when an MCP gateway exchanges the token it was handed.
     */
    SUBJECT_CLIENT,

    /** No implicit actor: the request must name the actor with {@code actor_token}. */
    NONE;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a configuration value; unknown values fail so a typo cannot silently change who acts. */
    public static ImplicitActor fromConfig(String value) {
        for (ImplicitActor candidate : values()) {
            if (candidate.configValue().equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown implicit actor '" + value + "'");
    }
}
