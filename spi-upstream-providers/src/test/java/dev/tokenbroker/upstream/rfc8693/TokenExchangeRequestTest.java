package dev.tokenbroker.upstream.rfc8693;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TokenExchangeRequestTest {

    @Test
    void whenBuiltThenTheFormCarriesTheGrantTheSubjectAndTheGivenParameters() {
        TokenExchangeRequest request = TokenExchangeRequest.forSubject("jwt", "urn:ietf:params:oauth:token-type:jwt")
                .audience("//iam.googleapis.com/pool").scope("read").requestedTokenType("urn:ietf:params:oauth:token-type:access_token")
                .resource("https://api.example").clientId("sp").param("custom", "1");

        assertThat(request.form()).isEqualTo(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", "jwt",
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt",
                "audience", "//iam.googleapis.com/pool",
                "scope", "read",
                "requested_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "resource", "https://api.example",
                "client_id", "sp",
                "custom", "1"));
    }

    @Test
    void whenAValueIsAbsentThenItsParameterIsLeftOut() {
        TokenExchangeRequest request = TokenExchangeRequest.forSubject("jwt", "urn:ietf:params:oauth:token-type:jwt")
                .audience(null).clientId(null).scope("all-apis");

        assertThat(request.form()).containsOnlyKeys("grant_type", "subject_token", "subject_token_type", "scope");
    }
}
