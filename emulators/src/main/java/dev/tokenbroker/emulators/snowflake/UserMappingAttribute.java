package dev.tokenbroker.emulators.snowflake;

/** {@code EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE}: which user property the mapped claim is compared with. */
public enum UserMappingAttribute {
    LOGIN_NAME,
    EMAIL_ADDRESS
}
