package dev.tokenbroker.emulators.github;

import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.JsonBody;
import dev.tokenbroker.emulators.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubEmulatorTest {

    private static final String CALLBACK = AcmeDemo.GITHUB_CALLBACK_URL;

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final GitHubEmulator github = fixture.server().github();

    private String authorize(String redirectUri) {
        HttpResponse<String> response = Wire.get(URI.create(github.authorizeUri() + "?" + Wire.encode(Map.of(
                "client_id", AcmeDemo.GITHUB_CLIENT_ID, "redirect_uri", redirectUri, "state", "s1", "scope", "read:user"))), null);
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String codeOf(String location) {
        return FormParams.parse(URI.create(location).getRawQuery()).get("code").orElseThrow();
    }

    private static Map<String, String> clientForm(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", AcmeDemo.GITHUB_CLIENT_ID);
        form.put("client_secret", AcmeDemo.GITHUB_CLIENT_SECRET);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    @Test
    void whenSignedInUserAuthorizesThenCodeRedeemedFormEncodedUnlessJsonIsAsked() {
        String location = authorize(CALLBACK);
        assertThat(location).startsWith(CALLBACK + "?code=").endsWith("&state=s1");

        HttpResponse<String> form = Wire.postForm(github.tokenUri(), clientForm("code", codeOf(location), "redirect_uri", CALLBACK));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-www-form-urlencoded");
        FormParams answer = FormParams.parse(form.body());
        assertThat(answer.get("access_token").orElseThrow()).startsWith("ghu_");
        assertThat(answer.get("refresh_token").orElseThrow()).startsWith("ghr_");
        assertThat(answer.get("expires_in")).hasValue("28800");
        assertThat(answer.get("token_type")).hasValue("bearer");
        HttpResponse<String> me = Wire.get(github.userUri(), answer.get("access_token").get());
        assertThat(JsonBody.text(me, "login")).isEqualTo(AcmeDemo.GITHUB_LOGIN);

        HttpResponse<String> json = Wire.postForm(github.tokenUri(), clientForm("code", codeOf(authorize(CALLBACK))),
                "Accept", "application/json");
        assertThat(JsonBody.text(json, "access_token")).startsWith("ghu_");
    }

    @Test
    void whenRefreshedThenTheRefreshTokenRotatesAndTheOldOneIsRefusedWithStatus200() {
        FormParams first = FormParams.parse(Wire.postForm(github.tokenUri(), clientForm("code", codeOf(authorize(CALLBACK)))).body());
        String refreshToken = first.get("refresh_token").orElseThrow();

        HttpResponse<String> refreshed = Wire.postForm(github.tokenUri(),
                clientForm("grant_type", "refresh_token", "refresh_token", refreshToken), "Accept", "application/json");
        HttpResponse<String> again = Wire.postForm(github.tokenUri(),
                clientForm("grant_type", "refresh_token", "refresh_token", refreshToken), "Accept", "application/json");

        assertThat(JsonBody.text(refreshed, "refresh_token")).startsWith("ghr_").isNotEqualTo(refreshToken);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(again, "error")).isEqualTo("bad_refresh_token");
        assertThat(github.lastReceived().params()).containsEntry("refresh_token", "<redacted>");
    }

    @Test
    void whenTheUserRevokesTheAppThenHerTokensAndRefreshTokensStopWorking() {
        FormParams answer = FormParams.parse(Wire.postForm(github.tokenUri(), clientForm("code", codeOf(authorize(CALLBACK)))).body());

        github.revokeAuthorization(AcmeDemo.GITHUB_LOGIN);

        assertThat(Wire.get(github.userUri(), answer.get("access_token").orElseThrow()).statusCode()).isEqualTo(401);
        FormParams refused = FormParams.parse(Wire.postForm(github.tokenUri(),
                clientForm("grant_type", "refresh_token", "refresh_token", answer.get("refresh_token").orElseThrow())).body());
        assertThat(refused.get("error")).hasValue("bad_refresh_token");
    }

    @Test
    void whenClientSecretWrongOrCodeReusedThenErrorsWithStatus200() {
        String code = codeOf(authorize(CALLBACK));
        Map<String, String> wrongSecret = clientForm("code", code);
        wrongSecret.put("client_secret", "nope");

        HttpResponse<String> refused = Wire.postForm(github.tokenUri(), wrongSecret);
        Wire.postForm(github.tokenUri(), clientForm("code", code));
        HttpResponse<String> reused = Wire.postForm(github.tokenUri(), clientForm("code", code));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(FormParams.parse(refused.body()).get("error")).hasValue("incorrect_client_credentials");
        assertThat(FormParams.parse(reused.body()).get("error")).hasValue("bad_verification_code");
    }

    @Test
    void whenRedirectUriOutsideTheCallbackThenBackToTheCallbackWithRedirectUriMismatch() {
        String location = authorize("http://localhost:8080/realms/other/broker/github/endpoint");

        FormParams query = FormParams.parse(URI.create(location).getRawQuery());
        assertThat(location).startsWith(CALLBACK + "?");
        assertThat(query.get("error")).hasValue("redirect_uri_mismatch");
        assertThat(query.get("state")).hasValue("s1");
        assertThat(query.get("code")).isEmpty();
    }
}
