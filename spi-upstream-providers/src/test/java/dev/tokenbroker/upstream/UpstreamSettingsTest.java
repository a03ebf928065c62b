package dev.tokenbroker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

/** The token endpoint's destination rules, as every save path and every parse apply them. */
class UpstreamSettingsTest {

    @Test
    void whenTheTokenEndpointIsAMetadataAddressInAnySpellingThenRefusedNamingTheSetting() {
        for (String endpoint : new String[] {"https://169.254.169.254/latest/", "https://0xa9fea9fe/", "https://[fd00:ec2::254]/"}) {
            assertThatThrownBy(() -> UpstreamSettings.from(upstream(endpoint), true))
                    .isInstanceOf(ComponentValidationException.class).hasMessageStartingWith("token.endpoint host ");
        }
    }

    @Test
    void whenPlainHttpToANameThatDoesNotResolveThenRefusedOnSaveOnly() {
        ComponentModel model = upstream("http://127.0.0.1.evil.example/token"); // .example never resolves (RFC 2606)

        assertThat(UpstreamSettings.from(model, true).tokenEndpoint()).hasHost("127.0.0.1.evil.example");
        assertThatThrownBy(() -> UpstreamSettings.forSave(model, true))
                .isInstanceOf(ComponentValidationException.class)
                .hasMessage("token.endpoint must use https (plain http only to hosts that are or resolve only to loopback addresses);"
                        + " 127.0.0.1.evil.example does not resolve");
    }

    @Test
    void whenHttpsToANameThatDoesNotResolveYetThenSaved() {
        assertThat(UpstreamSettings.forSave(upstream("https://sts.internal.example/token"), true).tokenEndpoint())
                .hasHost("sts.internal.example");
    }

    @Test
    void whenPlainHttpToLoopbackThenSaved() {
        assertThat(UpstreamSettings.forSave(upstream("http://127.0.0.1:8090/databricks/oidc/v1/token"), true).tokenEndpoint()).hasPort(8090);
        assertThat(UpstreamSettings.forSave(upstream("http://localhost:8090/databricks/oidc/v1/token"), true).tokenEndpoint()).hasPort(8090);
    }

    @Test
    void whenNoTokenEndpointAndThePlatformCallsNoneThenNothingIsResolved() {
        ComponentModel model = upstream(null);

        assertThat(UpstreamSettings.forSave(model, false).tokenEndpoint()).isNull();
        assertThatThrownBy(() -> UpstreamSettings.forSave(model, true)).hasMessage("token.endpoint is required");
    }

    @Test
    void whenAScopeIsNotAnRfc6749ScopeTokenThenRefusedNamingItsSetting() {
        ComponentModel allowed = upstream("https://sts.internal.example/token");
        allowed.put(UpstreamSettings.SCOPE_ALLOWED, "read wr\"ite");
        ComponentModel byDefault = upstream("https://sts.internal.example/token");
        byDefault.put(UpstreamSettings.SCOPE_DEFAULT, "r\\ead");

        assertThatThrownBy(() -> UpstreamSettings.from(allowed, true)).isInstanceOfSatisfying(InvalidSetting.class,
                invalid -> assertThat(invalid.field()).isEqualTo(UpstreamSettings.SCOPE_ALLOWED));
        assertThatThrownBy(() -> UpstreamSettings.from(byDefault, true)).isInstanceOfSatisfying(InvalidSetting.class,
                invalid -> assertThat(invalid.field()).isEqualTo(UpstreamSettings.SCOPE_DEFAULT));
    }

    @Test
    void whenSeveralIndependentSettingsAreInvalidThenEachIsAProblemAndSaveThrowsTheFirst() {
        ComponentModel model = upstream("http://dbx.example.com/token");
        model.put("policy.engine", "sometimes");
        SettingProblems problems = new SettingProblems(java.util.List.of(UpstreamSettings.TOKEN_ENDPOINT, "policy.engine"));

        problems.check(() -> UpstreamSettings.forSave(model, true));
        problems.policy(model.getName(), model::get);

        assertThat(problems.all()).extracting(dev.tokenbroker.admin.FieldError::field).containsExactly("token.endpoint", "policy.engine");
        assertThatThrownBy(problems::throwFirst).isInstanceOf(ComponentValidationException.class).hasMessageStartingWith("token.endpoint must use https");
    }

    static ComponentModel upstream(String tokenEndpoint) {
        ComponentModel model = new ComponentModel();
        model.setName("databricks-test");
        model.setConfig(new MultivaluedHashMap<>());
        model.put(UpstreamSettings.ASSERTION_AUDIENCE, "https://acme.cloud.databricks.com");
        if (tokenEndpoint != null) {
            model.put(UpstreamSettings.TOKEN_ENDPOINT, tokenEndpoint);
        }
        return model;
    }
}
