package dev.tokenbroker.emulators.snowflake;

/**
 * {@code EXTERNAL_OAUTH_ANY_ROLE_MODE}: whether a token may carry {@code session:role-any} and get the
 * user's default role. ({@code ENABLE_FOR_PRIVILEGE} is not emulated.)
 */
public enum AnyRoleMode {
    DISABLE,
    ENABLE
}
