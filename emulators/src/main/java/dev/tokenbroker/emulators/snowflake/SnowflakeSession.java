package dev.tokenbroker.emulators.snowflake;

/** Whom a statement ran as: the mapped user and the role the token's scope selected. */
public record SnowflakeSession(SnowflakeUser user, String role) {
}
