package dev.tokenbroker.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A platform's refusal summed up from its own error fields, in each platform's shape. */
class PlatformErrorSummaryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            databricks | {"error_code":"PERMISSION_DENIED","message":"User is not allowed"}                | PERMISSION_DENIED User is not allowed
            snowflake  | {"code":"390189","message":"Role 'ANALYST' is not granted","success":false}     | 390189 Role 'ANALYST' is not granted
            oauth      | {"error":"invalid_token","error_description":"Invalid Value"}                   | invalid_token Invalid Value
            google     | {"error":{"code":403,"status":"PERMISSION_DENIED","message":"denied"}}          | PERMISSION_DENIED denied
            message    | {"message":"rate limited"}                                                      | rate limited
            nothing    | {"success":false}                                                               | (no error detail)
            """)
    void eachPlatformsErrorFieldsAreSummed(String platform, String body, String summary) throws Exception {
        assertThat(PlatformHttp.Summary.of(new ObjectMapper().readTree(body))).isEqualTo(summary);
    }
}
