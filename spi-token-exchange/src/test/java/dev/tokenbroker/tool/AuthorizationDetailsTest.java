package dev.tokenbroker.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 9396 authorization_details parsing, one test per refusal in the order the parser checks. */
class AuthorizationDetailsTest {

    private static final String TOOL = "{\"type\":\"tool_invocation\",\"tool\":\"databricks_mcp.query\",\"server\":\"https://mcp.acme.test/analytics\"}";

    private static void assertInvalid(String value, String descriptionPart) {
        assertThatThrownBy(() -> AuthorizationDetails.parse(value))
                .isInstanceOf(AuthorizationDetails.InvalidAuthorizationDetailsException.class)
                .hasMessageContaining(descriptionPart);
    }

    @Test
    void whenToolInvocationThenToolAndServerAreRead() {
        AuthorizationDetails details = AuthorizationDetails.parse("[" + TOOL + "]");

        assertThat(details.tool()).isEqualTo(new ToolInvocation("databricks_mcp.query", "https://mcp.acme.test/analytics"));
        assertThat(details.types()).containsExactly("tool_invocation");
        assertThat(details.toClaim()).containsExactly(Map.of("type", "tool_invocation", "tool", "databricks_mcp.query",
                "server", "https://mcp.acme.test/analytics"));
        assertThat(details.toJson()).isEqualTo("[" + TOOL + "]");
    }

    @Test
    void whenServerOmittedThenToolAlone() {
        AuthorizationDetails details = AuthorizationDetails.parse("[{\"type\":\"tool_invocation\",\"tool\":\"search\"}]");

        assertThat(details.tool()).isEqualTo(new ToolInvocation("search", null));
        assertThat(details.toClaim()).isEqualTo(List.of(Map.of("type", "tool_invocation", "tool", "search")));
    }

    @Test
    void whenAbsentOrBlankThenNone() {
        assertThat(AuthorizationDetails.parse(null).isEmpty()).isTrue();
        assertThat(AuthorizationDetails.parse("  ")).isSameAs(AuthorizationDetails.none());
        assertThat(AuthorizationDetails.none().toClaim()).isNull();
        assertThat(AuthorizationDetails.none().toJson()).isNull();
        assertThat(AuthorizationDetails.none().tool()).isNull();
    }

    @Test
    void whenLongerThanTheLimitThenInvalid() {
        assertInvalid("[" + " ".repeat(AuthorizationDetails.MAX_LENGTH) + "]", "longer than");
    }

    @Test
    void whenMalformedJsonThenInvalid() {
        assertInvalid("[{\"type\":", "not valid JSON");
    }

    @Test
    void whenNotAnArrayThenInvalid() {
        assertInvalid(TOOL, "must be a JSON array");
    }

    @Test
    void whenEmptyArrayThenInvalid() {
        assertInvalid("[]", "must not be an empty array");
    }

    @Test
    void whenTooManyElementsThenInvalid() {
        assertInvalid("[" + String.join(",", java.util.Collections.nCopies(AuthorizationDetails.MAX_ELEMENTS + 1, TOOL)) + "]",
                "more than");
    }

    @Test
    void whenElementIsNotAnObjectThenInvalid() {
        assertInvalid("[\"tool_invocation\"]", "must be a JSON object");
    }

    @Test
    void whenElementHasNoStringTypeThenInvalid() {
        assertInvalid("[{\"tool\":\"search\"}]", "needs a string type");
        assertInvalid("[{\"type\":7,\"tool\":\"search\"}]", "needs a string type");
    }

    @Test
    void whenUnknownTypeThenInvalidNamingIt() {
        assertInvalid("[{\"type\":\"payment_initiation\"}]", "unknown authorization_details type 'payment_initiation'");
    }

    @Test
    void whenToolInvocationHasAnUndefinedMemberThenInvalid() {
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":\"search\",\"actions\":[\"read\"]}]", "has no member 'actions'");
    }

    @Test
    void whenToolMissingOrNotAStringThenInvalid() {
        assertInvalid("[{\"type\":\"tool_invocation\"}]", "needs a string tool");
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":[\"search\"]}]", "needs a string tool");
    }

    @Test
    void whenToolTooLongOrUnprintableThenInvalid() {
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":\"" + "t".repeat(129) + "\"}]", "printable");
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":\"a\\nb\"}]", "printable");
    }

    @Test
    void whenServerNotAnAbsoluteUriThenInvalid() {
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":\"search\",\"server\":\"mcp.acme.test\"}]", "server must be an absolute URI");
        assertInvalid("[{\"type\":\"tool_invocation\",\"tool\":\"search\",\"server\":42}]", "server must be an absolute URI");
    }

    @Test
    void whenTwoToolInvocationsThenInvalid() {
        assertInvalid("[" + TOOL + "," + TOOL + "]", "at most one tool_invocation");
    }
}
