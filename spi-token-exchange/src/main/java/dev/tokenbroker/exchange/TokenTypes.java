package dev.tokenbroker.exchange;

import java.util.Set;

import org.keycloak.OAuth2Constants;

/** Which RFC 8693 §3 token types delegation takes in. */
final class TokenTypes {

    /**
     * Subject and actor tokens must be access tokens of this realm (sent as access_token or jwt).
     * ID tokens are refused: they are addressed to the client that logged the user in, not to
     * APIs, and accepting them would let any party holding one mint API access.
     */
    static final Set<String> ACCEPTED_INPUT = Set.of(OAuth2Constants.ACCESS_TOKEN_TYPE, OAuth2Constants.JWT_TOKEN_TYPE);

    private TokenTypes() {
    }
}
