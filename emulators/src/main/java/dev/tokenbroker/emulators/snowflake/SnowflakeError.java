package dev.tokenbroker.emulators.snowflake;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Snowflake SQL API error body: {@code {"code":"390303","message":"…"}}, plus statement fields for SQL errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SnowflakeError(String code, String message, String sqlState, String statementHandle, String statementStatusUrl) {

    static SnowflakeError of(String code, String message) {
        return new SnowflakeError(code, message, null, null, null);
    }
}
