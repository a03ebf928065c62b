package dev.tokenbroker.emulators.aws;

import java.util.List;
import java.util.Objects;

/**
 * An IAM OIDC identity provider.
 *
 * @param url       the issuer URL; a token's {@code iss} must equal it exactly. (Real IAM insists on
 *                  https; the emulator also accepts http for local Keycloak.)
 * @param clientIds the audiences ("client IDs") IAM accepts in {@code aud}
 */
public record OidcProvider(String url, List<String> clientIds) {

    public OidcProvider {
        Objects.requireNonNull(url, "url");
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
    }

    /** {@code arn:aws:iam::<account>:oidc-provider/<url without scheme>}. */
    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":oidc-provider/" + url.replaceFirst("^https?://", "");
    }

    public OidcProvider withClientIds(List<String> ids) {
        return new OidcProvider(url, ids);
    }
}
