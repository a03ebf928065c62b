package dev.tokenbroker.upstream.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.IdentityProviderModel;

import dev.tokenbroker.upstream.subject.IdpClient;
import dev.tokenbroker.upstream.subject.StoredIdpTokens;

class PassthroughSettingsTest {

    private static ComponentModel model(String name, String... pairs) {
        ComponentModel model = new ComponentModel();
        model.setName(name);
        for (int i = 0; i < pairs.length; i += 2) {
            model.put(pairs[i], pairs[i + 1]);
        }
        return model;
    }

    @Test
    void whenNoIdentityProviderThenRefused() {
        assertThatThrownBy(() -> PassthroughSettings.from(model("corp-token")))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining(PassthroughSettings.IDENTITY_PROVIDER);
    }

    @Test
    void whenNoClientsListedThenNoneAllowed() {
        PassthroughSettings settings = PassthroughSettings.from(model("corp-token", PassthroughSettings.IDENTITY_PROVIDER, "corporate"));
        assertThat(settings.allows("any-client")).isFalse();
        assertThat(settings.minValiditySeconds()).isEqualTo(PassthroughSettings.DEFAULT_MIN_VALIDITY);
    }

    @Test
    void whenClientsListedThenOnlyThoseAllowed() {
        PassthroughSettings settings = PassthroughSettings.from(model("corp-token", PassthroughSettings.IDENTITY_PROVIDER, "corporate",
                PassthroughSettings.ALLOWED_CLIENTS, "agent-a, agent-b"));
        assertThat(settings.allows("agent-b")).isTrue();
        assertThat(settings.allows("agent-c")).isFalse();
    }

    @Test
    void whenProviderAuthenticatesWithJwtThenRefreshUnsupported() {
        IdentityProviderModel provider = new IdentityProviderModel();
        provider.setAlias("corporate");
        provider.getConfig().put("tokenUrl", "https://idp.example/token");
        provider.getConfig().put("clientId", "broker");
        provider.getConfig().put("clientAuthMethod", "private_key_jwt");
        assertThat(IdpClient.problemWith(provider)).contains("private_key_jwt");
        provider.getConfig().put("clientAuthMethod", "client_secret_basic");
        assertThat(IdpClient.problemWith(provider)).isNull();
        assertThat(IdpClient.of(provider, secret -> secret).basicAuth()).isTrue();
    }

    @Test
    void whenProviderHasNoTokenUrlThenRefused() {
        IdentityProviderModel provider = new IdentityProviderModel();
        provider.setAlias("github");
        assertThat(IdpClient.problemWith(provider)).contains("no token URL");
    }

    @Test
    void linkUrlNamesTheApplicationInitiatedAction() {
        assertThat(StoredIdpTokens.linkUrl("https://kc/realms/acme", "claude-desktop", "corporate"))
                .isEqualTo("https://kc/realms/acme/protocol/openid-connect/auth?response_type=code&scope=openid"
                        + "&client_id=claude-desktop&kc_action=idp_link:corporate");
    }
}
