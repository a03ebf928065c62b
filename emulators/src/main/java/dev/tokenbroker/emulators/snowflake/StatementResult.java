package dev.tokenbroker.emulators.snowflake;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The SQL API v2 {@code ResultSet} of a synchronously executed statement (format jsonv2, values as strings). */
record StatementResult(ResultSetMetaData resultSetMetaData, List<List<String>> data, String code,
                       String statementStatusUrl, String requestId, String sqlState, String statementHandle,
                       String message, long createdOn) {

    record ResultSetMetaData(long numRows, String format, List<PartitionInfo> partitionInfo, List<RowType> rowType) {
    }

    record PartitionInfo(long rowCount, long uncompressedSize) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RowType(String name, String database, String schema, String table, boolean nullable, long byteLength,
                   String type, Integer scale, Integer precision, String collation, long length) {

        /** A VARCHAR column as Snowflake describes function results. */
        static RowType text(String name) {
            return new RowType(name, "", "", "", true, 16_777_216, "text", null, null, null, 16_777_216);
        }
    }
}
