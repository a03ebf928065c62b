package dev.tokenbroker.emulators.rfc8693;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * A client registered at the partner STS.
 *
 * @param clientId   the {@code client_id}
 * @param authMethod the one authentication method it must use
 * @param secret     the client secret; required for {@link ClientAuthMethod#CLIENT_SECRET_BASIC}, else unused
 * @param jwksIssuer an OIDC issuer whose discovery document names the JWKS that verifies the client's
 *                   assertions; required for {@link ClientAuthMethod#PRIVATE_KEY_JWT}, else unused. For a
 *                   Keycloak realm this is the realm URL: the realm signs its client assertions with its
 *                   realm key, published in the realm JWKS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartnerClient(String clientId, ClientAuthMethod authMethod, String secret, String jwksIssuer) {

    public PartnerClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        if (authMethod == ClientAuthMethod.CLIENT_SECRET_BASIC && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("client " + clientId + ": client_secret_basic needs a secret");
        }
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT && (jwksIssuer == null || jwksIssuer.isBlank())) {
            throw new IllegalArgumentException("client " + clientId + ": private_key_jwt needs a jwksIssuer");
        }
    }

    public static PartnerClient secretBasic(String clientId, String secret) {
        return new PartnerClient(clientId, ClientAuthMethod.CLIENT_SECRET_BASIC, secret, null);
    }

    public static PartnerClient privateKeyJwt(String clientId, String jwksIssuer) {
        return new PartnerClient(clientId, ClientAuthMethod.PRIVATE_KEY_JWT, null, jwksIssuer);
    }

    public static PartnerClient publicClient(String clientId) {
        return new PartnerClient(clientId, ClientAuthMethod.NONE, null, null);
    }

    public PartnerClient withSecret(String newSecret) {
        return new PartnerClient(clientId, authMethod, newSecret, jwksIssuer);
    }

    public PartnerClient withJwksIssuer(String newJwksIssuer) {
        return new PartnerClient(clientId, authMethod, secret, newJwksIssuer);
    }

    /** Never prints the secret: configurations end up in test failure messages. */
    @Override
    public String toString() {
        return "PartnerClient[clientId=" + clientId + ", authMethod=" + authMethod.wireName()
                + (secret == null ? "" : ", secret=<redacted>")
                + (jwksIssuer == null ? "" : ", jwksIssuer=" + jwksIssuer) + "]";
    }
}
