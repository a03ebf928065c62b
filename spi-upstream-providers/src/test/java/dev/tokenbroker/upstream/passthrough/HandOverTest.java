package dev.tokenbroker.upstream.passthrough;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.upstream.subject.StoredIdpToken;

class HandOverTest {

    private static final PassthroughSettings SETTINGS = new PassthroughSettings("corporate-token", null, "corporate",
            Set.of("mcp-gateway"), 30, "https://data.corporate.test", 2000, 5000, 3600);

    private static String jwt(String aud) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"aud\":\"" + aud + "\",\"exp\":2000}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    private static StoredIdpToken stored(String accessToken, String scope) {
        return StoredIdpToken.parse("{\"access_token\":\"" + accessToken + "\",\"scope\":\"" + scope + "\"}");
    }

    private static void assertRefused(Runnable check, String error) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ExchangeRefusal.class,
                refusal -> org.assertj.core.api.Assertions.assertThat(refusal.oauthError()).isEqualTo(error));
    }

    @Test
    void whenStoredTokenIsThePresentedTokenThenInvalidRequest() {
        String token = jwt("https://data.corporate.test");
        assertRefused(() -> HandOver.require(stored(token, "openid"), SETTINGS, token, Scopes.none()), "invalid_request");
    }

    @Test
    void whenJwtIsForAnotherAudienceThenInvalidTarget() {
        assertRefused(() -> HandOver.require(stored(jwt("https://elsewhere.test"), "openid"), SETTINGS, "presented", Scopes.none()),
                "invalid_target");
    }

    @Test
    void whenOpaqueTokenThenNoAudienceToCheck() {
        assertThatCode(() -> HandOver.require(stored("gho_opaque", "repo"), SETTINGS, "presented", Scopes.none())).doesNotThrowAnyException();
    }

    @Test
    void whenScopeNotGrantedByTheProviderThenInvalidScope() {
        assertRefused(() -> HandOver.require(stored(jwt("https://data.corporate.test"), "openid email"), SETTINGS, "presented",
                Scopes.parse("openid admin")), "invalid_scope");
    }

    @Test
    void whenForThisAudienceAndScopeWithinThenHandedOver() {
        assertThatCode(() -> HandOver.require(stored(jwt("https://data.corporate.test"), "openid email"), SETTINGS, "presented",
                Scopes.parse("email"))).doesNotThrowAnyException();
    }
}
