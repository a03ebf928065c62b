package dev.tokenbroker.mcp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    private final BearerChallenge challenge = new BearerChallenge(
            URI.create("http://localhost:8095/.well-known/oauth-protected-resource/mcp"), "mcp:tools");

    @Test
    void whenNoTokenThenOnlyWhereToLookAndWhatToAskFor() {
        assertThat(challenge.missing()).isEqualTo("Bearer resource_metadata=\"http://localhost:8095/.well-known/"
                + "oauth-protected-resource/mcp\", scope=\"mcp:tools\"");
    }

    @Test
    void whenInvalidThenTheErrorCodeAndAQuotedDescription() {
        assertThat(challenge.invalidToken("say \"no\""))
                .startsWith("Bearer error=\"invalid_token\", error_description=\"say 'no'\"")
                .contains("resource_metadata=");
    }

    @Test
    void whenTheScopeIsMissingThenInsufficientScopeNamingIt() {
        assertThat(challenge.insufficientScope("the tools need scope mcp:tools"))
                .startsWith("Bearer error=\"insufficient_scope\"").contains("scope=\"mcp:tools\"");
    }
}
