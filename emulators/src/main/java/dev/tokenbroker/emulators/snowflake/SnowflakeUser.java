package dev.tokenbroker.emulators.snowflake;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Snowflake user. Its name (what {@code CURRENT_USER()} returns) is taken to be its login name.
 *
 * @param loginName   LOGIN_NAME, compared case-insensitively
 * @param email       EMAIL, compared case-insensitively
 * @param roles       granted roles (PUBLIC is always granted implicitly)
 * @param defaultRole DEFAULT_ROLE; PUBLIC when null
 */
public record SnowflakeUser(String loginName, String email, List<String> roles, String defaultRole) {

    public static final String PUBLIC = "PUBLIC";

    public SnowflakeUser {
        Objects.requireNonNull(loginName, "loginName");
        roles = roles == null ? List.of() : roles.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
        defaultRole = defaultRole == null ? PUBLIC : defaultRole.toUpperCase(Locale.ROOT);
    }

    public boolean isGranted(String role) {
        String upper = role.toUpperCase(Locale.ROOT);
        return upper.equals(PUBLIC) || roles.contains(upper);
    }

    boolean matches(UserMappingAttribute attribute, String value) {
        return switch (attribute) {
            case LOGIN_NAME -> loginName.equalsIgnoreCase(value);
            case EMAIL_ADDRESS -> email != null && email.equalsIgnoreCase(value);
        };
    }
}
