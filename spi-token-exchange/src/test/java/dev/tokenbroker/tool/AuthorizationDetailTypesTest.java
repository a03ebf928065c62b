package dev.tokenbroker.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthorizationDetailTypesTest {

    private static final AuthorizationDetails TOOL = AuthorizationDetails.parse("[{\"type\":\"tool_invocation\",\"tool\":\"search\"}]");

    @Test
    void whenClientNamesNoTypesThenAnyTypeIsRefused() {
        assertThat(AuthorizationDetailTypes.firstNotAllowed(TOOL, null)).isEqualTo("tool_invocation");
    }

    @Test
    void whenClientNamesTheTypeThenAllowed() {
        assertThat(AuthorizationDetailTypes.firstNotAllowed(TOOL, "tool_invocation")).isNull();
    }

    @Test
    void whenRequestHasNoDetailsThenNothingToRefuse() {
        assertThat(AuthorizationDetailTypes.firstNotAllowed(AuthorizationDetails.none(), null)).isNull();
    }

    @Test
    void whenAttributeNamesUnknownTypeThenInvalidOnSaveAndNothingAllowedAtRequestTime() {
        assertThatThrownBy(() -> AuthorizationDetailTypes.parse("tool_invocation payment_initiation"))
                .hasMessageContaining("unknown type 'payment_initiation'");
        assertThat(AuthorizationDetailTypes.firstNotAllowed(TOOL, "tool_invocation payment_initiation")).isEqualTo("tool_invocation");
    }
}
