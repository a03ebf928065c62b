package dev.tokenbroker.exchange;

import java.util.Set;

/** RFC 8693 §3 token type identifiers this module accepts. */
public final class TokenTypes {

    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    public static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

    /**
     * Subject and actor tokens must be access tokens of this realm (sent as access_token or jwt).
     * ID tokens are refused: they are addressed to the client that logged the user in, not to
     * APIs, and accepting them would let any party holding one mint API access.
     */
    public static final Set<String> ACCEPTED_INPUT = Set.of(ACCESS_TOKEN, JWT);

    private TokenTypes() {
    }
}
