package dev.tokenbroker.emulators.rfc8693;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a client of the partner STS must authenticate ({@code token_endpoint_auth_method}, RFC 7591 §2).
 * One method per client, as real servers register it: a client registered for one method is refused
 * when it presents another. JSON names are the registry values, which are also the values of the
 * Keycloak side's {@code rfc8693.client-auth} setting.
 */
public enum ClientAuthMethod {
    /** HTTP Basic with the form-url-encoded client id and secret (RFC 6749 §2.3.1). */
    @JsonProperty("client_secret_basic")
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** A JWT signed by the client's key (RFC 7523 §2.2, OIDC Core §9 {@code private_key_jwt}). */
    @JsonProperty("private_key_jwt")
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** A public client: {@code client_id} in the form, no credential. */
    @JsonProperty("none")
    NONE("none");

    private final String wireName;

    ClientAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The registry name, e.g. {@code client_secret_basic}. */
    public String wireName() {
        return wireName;
    }
}
