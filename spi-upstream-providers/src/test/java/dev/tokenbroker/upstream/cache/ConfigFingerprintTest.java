package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

class ConfigFingerprintTest {

    @Test
    void whenConfigurationsAreEqualThenFingerprintsAreEqual() {
        assertThat(ConfigFingerprint.of(upstream(Map.of("a", "1", "b", "2"))))
                .isEqualTo(ConfigFingerprint.of(upstream(Map.of("b", "2", "a", "1"))));
    }

    @Test
    void whenAnyValueChangesThenTheFingerprintChanges() {
        assertThat(ConfigFingerprint.of(upstream(Map.of("token.endpoint", "https://a/token"))))
                .isNotEqualTo(ConfigFingerprint.of(upstream(Map.of("token.endpoint", "https://b/token"))));
    }

    @Test
    void whenASettingIsAddedThenTheFingerprintChanges() {
        assertThat(ConfigFingerprint.of(upstream(Map.of("a", "1"))))
                .isNotEqualTo(ConfigFingerprint.of(upstream(Map.of("a", "1", "cache.enabled", "true"))));
    }

    @Test
    void whenOnlyTheBoundaryBetweenKeyAndValueMovesThenTheFingerprintChanges() {
        assertThat(ConfigFingerprint.of(upstream(Map.of("ab", "c"))))
                .isNotEqualTo(ConfigFingerprint.of(upstream(Map.of("a", "bc"))));
    }

    @Test
    void whenTheAliasChangesThenTheFingerprintChanges() {
        ComponentModel renamed = upstream(Map.of("a", "1"));
        renamed.setName("databricks-2");

        assertThat(ConfigFingerprint.of(renamed)).isNotEqualTo(ConfigFingerprint.of(upstream(Map.of("a", "1"))));
    }

    private static ComponentModel upstream(Map<String, String> config) {
        ComponentModel model = new ComponentModel();
        model.setId("id-1");
        model.setName("databricks");
        model.setProviderId("databricks");
        config.forEach(model::put);
        return model;
    }
}
