package dev.tokenbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DryRunExecutionTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void whenTheAnswerHoldsTokensThenEachIsReplacedByItsTypeLengthAndHashPrefix() {
        Map<String, Object> answer = DryRunExecution.redacted(Map.of("access_token", JWT, "refresh_token", "opaque-value",
                "token_type", "Bearer", "issued_token_type", "urn:ietf:params:oauth:token-type:access_token", "expires_in", 300));

        assertThat((String) answer.get("access_token")).matches("\\[redacted jwt, " + JWT.length() + " chars, sha256:[0-9a-f]{8}]");
        assertThat((String) answer.get("refresh_token")).matches("\\[redacted opaque, 12 chars, sha256:[0-9a-f]{8}]");
        assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300)
                .containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
    }

    @Test
    void whenCredentialsAreNestedThenTheyAreRedactedToo() {
        Map<String, Object> answer = DryRunExecution.redacted(Map.of("credentials",
                Map.of("AccessKeyId", "ASIAEXAMPLE", "SecretAccessKey", "wJalr", "SessionToken", "FwoG", "Expiration", "2026-12-01T20:00:00Z"),
                "notes", List.of(JWT)));

        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = (Map<String, Object>) answer.get("credentials");
        assertThat(credentials.get("SecretAccessKey").toString()).startsWith("[redacted opaque, 5 chars");
        assertThat(credentials.get("SessionToken").toString()).startsWith("[redacted opaque");
        assertThat(credentials.get("Expiration")).isEqualTo("2026-12-01T20:00:00Z");
        assertThat(answer.get("notes").toString()).doesNotContain("eyJ");
    }

    @Test
    void whenTheSameTokenIsRedactedTwiceThenTheHashPrefixesMatch() {
        assertThat(DryRunExecution.redacted(Map.of("access_token", JWT))).isEqualTo(DryRunExecution.redacted(Map.of("access_token", JWT)));
    }
}
