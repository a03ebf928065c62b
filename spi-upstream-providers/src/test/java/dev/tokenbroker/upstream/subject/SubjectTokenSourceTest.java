package dev.tokenbroker.upstream.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class SubjectTokenSourceTest {

    @Test
    void whenNothingSetThenMinted() {
        assertThat(SubjectTokenSource.parse(null, null).isMinted()).isTrue();
        assertThat(SubjectTokenSource.parse("minted", "access_token")).isEqualTo(SubjectTokenSource.MINTED);
    }

    @Test
    void whenIdpWithoutTypeThenIdToken() {
        SubjectTokenSource source = SubjectTokenSource.parse("idp:corporate", null);
        assertThat(source.identityProvider()).isEqualTo("corporate");
        assertThat(source.idToken()).isTrue();
        assertThat(source.describe()).isEqualTo("idp:corporate/id_token");
    }

    @Test
    void whenIdpAccessTokenThenAccessTokenForwarded() {
        SubjectTokenSource source = SubjectTokenSource.parse("idp:corporate", "access_token");
        StoredIdpToken stored = StoredIdpToken.parse("{\"access_token\":\"at\",\"id_token\":\"it\"}");
        assertThat(source.tokenOf(stored)).isEqualTo("at");
        assertThat(SubjectTokenSource.parse("idp:corporate", "id_token").tokenOf(stored)).isEqualTo("it");
    }

    @Test
    void whenUnknownSourceOrTypeThenRefused() {
        assertThatThrownBy(() -> SubjectTokenSource.parse("corporate", null)).isInstanceOf(ComponentValidationException.class);
        assertThatThrownBy(() -> SubjectTokenSource.parse("idp:", null)).isInstanceOf(ComponentValidationException.class);
        assertThatThrownBy(() -> SubjectTokenSource.parse("idp:corporate", "refresh_token")).isInstanceOf(ComponentValidationException.class);
    }
}
