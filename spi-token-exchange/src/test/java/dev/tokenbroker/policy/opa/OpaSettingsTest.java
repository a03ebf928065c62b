package dev.tokenbroker.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.policy.Inputs;

class OpaSettingsTest {

    private static OpaSettings parse(String... settings) {
        String[] all = new String[settings.length + 2];
        all[0] = "engine";
        all[1] = "opa";
        System.arraycopy(settings, 0, all, 2, settings.length);
        return OpaSettings.parse(Inputs.config(all));
    }

    @Test
    void whenOnlyTheUrlIsSetThenDefaults() {
        OpaSettings settings = parse("opa.url", "http://127.0.0.1:8181/");

        assertThat(settings.dataEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8181/v1/data/tokenbroker/exchange/decision"));
        assertThat(settings.connectTimeoutMs()).isEqualTo(500);
        assertThat(settings.readTimeoutMs()).isEqualTo(1000);
        assertThat(settings.token()).isNull();
    }

    @Test
    void whenPathAndBasePathAreSetThenBothAreKept() {
        assertThat(parse("opa.url", "https://policy.acme.test/opa", "opa.path", "/acme/agents/allow/").dataEndpoint())
                .isEqualTo(URI.create("https://policy.acme.test/opa/v1/data/acme/agents/allow"));
    }

    @Test
    void whenUrlMissingThenInvalid() {
        assertThatThrownBy(() -> parse()).hasMessage("opa.url is required for engine opa");
    }

    @Test
    void whenUrlBreaksTheOutboundRulesThenInvalidNamingTheRule() {
        assertThatThrownBy(() -> parse("opa.url", "ftp://opa")).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> parse("opa.url", "http://opa.acme.test:8181")).hasMessageContaining("plain http only to hosts that are or resolve only to loopback");
        assertThatThrownBy(() -> parse("opa.url", "https://user:pw@opa.acme.test")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> parse("opa.url", "https://169.254.169.254")).hasMessageContaining("metadata");
        assertThatThrownBy(() -> parse("opa.url", "https://metadata.google.internal")).hasMessageContaining("metadata");
        assertThatThrownBy(() -> parse("opa.url", "https://opa.acme.test/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> parse("opa.url", "http://[::1")).hasMessageContaining("not a valid URL");
    }

    @Test
    void whenPathIsNotADocumentPathThenInvalid() {
        assertThatThrownBy(() -> parse("opa.url", "http://127.0.0.1:8181", "opa.path", "tokenbroker/../system"))
                .hasMessageContaining("opa.path must be a document path");
    }

    @Test
    void whenTimeoutsOutOfRangeThenInvalid() {
        assertThatThrownBy(() -> parse("opa.url", "http://127.0.0.1:8181", "opa.timeout.read.ms", "60000"))
                .hasMessageContaining("opa.timeout.read.ms must be between 50 and 10000");
        assertThatThrownBy(() -> parse("opa.url", "http://127.0.0.1:8181", "opa.timeout.connect.ms", "soon"))
                .hasMessageContaining("opa.timeout.connect.ms must be a whole number");
    }

    @Test
    void whenUrlIsAnOutboundDestinationUpstreamsMayNotUseThenInvalid() {
        assertThatThrownBy(() -> parse("opa.url", "https://169.254.1.1")).hasMessageContaining("opa.url").hasMessageContaining("link-local");
        assertThatThrownBy(() -> parse("opa.url", "https://2852039166")).hasMessageContaining("opa.url");
        assertThatThrownBy(() -> parse("opa.url", "http://127.0.0.1.opa.example")).hasMessageContaining("opa.url");
        assertThat(parse("opa.url", "http://127.0.0.1:8181").dataEndpoint().toString()).startsWith("http://127.0.0.1:8181/v1/data/");
    }
}
