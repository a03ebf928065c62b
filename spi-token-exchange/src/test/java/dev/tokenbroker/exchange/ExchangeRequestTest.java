package dev.tokenbroker.exchange;

import static dev.tokenbroker.exchange.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

/** Request syntax, one test per refusal, in the order of RFC 8693 §2.1 (the order the parser checks). */
class ExchangeRequestTest {

    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private final MultivaluedMap<String, String> form = new MultivaluedHashMap<>();

    private ExchangeRequestTest with(String name, String value) {
        form.add(name, value);
        return this;
    }

    private ExchangeRequestTest valid() {
        return with("subject_token", "subject").with("subject_token_type", ACCESS_TOKEN);
    }

    private ExchangeRequest parse() {
        return ExchangeRequest.parse(form);
    }

    @Test
    void whenWellFormedThenTargetsScopesAndTypesAreRead() {
        valid().with("audience", "analytics-mcp").with("resource", "https://mcp.acme.test/analytics").with("audience", "analytics-mcp")
                .with("scope", "openid  email").with("requested_token_type", ACCESS_TOKEN);

        ExchangeRequest request = parse();

        assertThat(request.targets()).containsExactly("analytics-mcp", "https://mcp.acme.test/analytics");
        assertThat(request.scopes().toString()).isEqualTo("openid email");
        assertThat(request.requestedTokenType()).isEqualTo(ACCESS_TOKEN);
        assertThat(request.hasActorToken()).isFalse();
    }

    @Test
    void whenRequestedSubjectSentThenInvalidRequest() {
        valid().with("requested_subject", "bob");

        assertRefused(this::parse, "invalid_request", "requested_subject");
    }

    @Test
    void whenRequestedIssuerSentThenInvalidRequest() {
        valid().with("requested_issuer", "github");

        assertRefused(this::parse, "invalid_request", "requested_issuer");
    }

    @Test
    void whenSubjectIssuerSentThenInvalidRequest() {
        valid().with("subject_issuer", "github");

        assertRefused(this::parse, "invalid_request", "subject_issuer");
    }

    @Test
    void whenResourceIsRelativeThenInvalidTarget() {
        valid().with("resource", "analytics-mcp");

        assertRefused(this::parse, "invalid_target", "absolute URI");
    }

    @Test
    void whenResourceHasFragmentThenInvalidTarget() {
        valid().with("resource", "https://mcp.acme.test/a#b");

        assertRefused(this::parse, "invalid_target", "fragment");
    }

    @Test
    void whenAudienceBlankThenInvalidTarget() {
        valid().with("audience", " ");

        assertRefused(this::parse, "invalid_target", "audience must not be empty");
    }

    @Test
    void whenScopeHasCharactersOutsideTheGrammarThenInvalidScope() {
        valid().with("scope", "email \"quoted\"");

        assertRefused(this::parse, "invalid_scope", "RFC 6749");
    }

    @Test
    void whenRequestedTokenTypeIsNotAUriThenInvalidRequest() {
        valid().with("requested_token_type", "refresh_token");

        assertRefused(this::parse, "invalid_request", "requested_token_type");
    }

    @Test
    void whenRequestedTokenTypeIsMalformedThenItIsRefusedBeforeTheSubjectToken() {
        with("requested_token_type", "not a uri");

        assertRefused(this::parse, "invalid_request", "requested_token_type");
    }

    @Test
    void whenSubjectTokenMissingThenInvalidRequest() {
        with("subject_token_type", ACCESS_TOKEN);

        assertRefused(this::parse, "invalid_request", "subject_token is required");
    }

    @Test
    void whenSubjectTokenTypeMissingThenInvalidRequest() {
        with("subject_token", "subject");

        assertRefused(this::parse, "invalid_request", "subject_token_type is required");
    }

    @Test
    void whenSubjectTokenTypeIsIdTokenThenInvalidRequest() {
        with("subject_token", "subject").with("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");

        assertRefused(this::parse, "invalid_request", "subject_token_type is not supported");
    }

    @Test
    void whenJwtSubjectTokenTypeThenAccepted() {
        with("subject_token", "subject").with("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");

        assertThat(parse().subjectTokenType()).isEqualTo("urn:ietf:params:oauth:token-type:jwt");
    }

    @Test
    void whenActorTokenWithoutTypeThenInvalidRequest() {
        valid().with("actor_token", "actor");

        assertRefused(this::parse, "invalid_request", "actor_token_type is required");
    }

    @Test
    void whenActorTokenTypeWithoutTokenThenInvalidRequest() {
        valid().with("actor_token_type", ACCESS_TOKEN);

        assertRefused(this::parse, "invalid_request", "must not be sent without actor_token");
    }

    @Test
    void whenActorTokenTypeUnsupportedThenInvalidRequest() {
        valid().with("actor_token", "actor").with("actor_token_type", "urn:ietf:params:oauth:token-type:saml2");

        assertRefused(this::parse, "invalid_request", "actor_token_type is not supported");
    }

    @Test
    void whenActorTokenAndTypeSentThenActorIsRead() {
        valid().with("actor_token", "actor").with("actor_token_type", ACCESS_TOKEN);

        assertThat(parse().hasActorToken()).isTrue();
    }

    @Test
    void whenAnOversizedValueIsRefusedThenTheDescriptionEchoesOnlyAnExcerpt() {
        valid().with("resource", "x".repeat(64 * 1024));

        assertRefused(this::parse, "invalid_target", "...");
        try {
            parse();
        } catch (ExchangeRefusal refusal) {
            assertThat(refusal.description().length()).isLessThan(120);
        }
    }

    @Test
    void whenAuthorizationDetailsNameAToolThenItIsRead() {
        valid().with("authorization_details", "[{\"type\":\"tool_invocation\",\"tool\":\"databricks_mcp.query\"}]");

        assertThat(parse().authorizationDetails().tool().tool()).isEqualTo("databricks_mcp.query");
    }

    @Test
    void whenNoAuthorizationDetailsThenNone() {
        valid();

        assertThat(parse().authorizationDetails().isEmpty()).isTrue();
    }

    @Test
    void whenAuthorizationDetailsMalformedThenInvalidAuthorizationDetails() {
        valid().with("authorization_details", "{not json");

        assertRefused(this::parse, "invalid_authorization_details", "not valid JSON");
    }

    @Test
    void whenAuthorizationDetailsOfUnknownTypeThenInvalidAuthorizationDetails() {
        valid().with("authorization_details", "[{\"type\":\"payment_initiation\"}]");

        assertRefused(this::parse, "invalid_authorization_details", "unknown authorization_details type");
    }

    @Test
    void whenAuthorizationDetailsMalformedAndSubjectTokenMissingThenAuthorizationDetailsFirst() {
        with("authorization_details", "[1]");

        assertRefused(this::parse, "invalid_authorization_details", "JSON object");
    }
}
