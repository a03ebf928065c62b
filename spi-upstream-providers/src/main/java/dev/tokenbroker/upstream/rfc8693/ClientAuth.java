package dev.tokenbroker.upstream.rfc8693;

import java.util.Locale;

/** How Keycloak authenticates to a generic RFC 8693 server. */
enum ClientAuth {
    NONE, CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT;

    String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ClientAuth parse(String value) {
        for (ClientAuth auth : values()) {
            if (auth.configValue().equals(value)) {
                return auth;
            }
        }
        throw new IllegalArgumentException("client authentication must be none, client_secret_basic or private_key_jwt");
    }
}
