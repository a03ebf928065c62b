package dev.tokenbroker.emulators.support;

import java.time.Duration;
import java.util.function.Function;

/** Ways a presented token can be wrong; every platform must refuse each of them. */
public enum BadToken {
    BAD_SIGNATURE(TokenBuilder::signWithForeignKey),
    TAMPERED_PAYLOAD(TokenBuilder::tampered),
    ALG_NONE(TokenBuilder::unsigned),
    HS256_KEY_CONFUSION(TokenBuilder::signHs256WithPublicKey),
    UNKNOWN_KID(b -> b.kid("not-in-jwks").sign()),
    MISSING_KID(b -> b.kid(null).sign()),
    WRONG_ISSUER(b -> b.issuer("http://127.0.0.1:9/realms/evil").sign()),
    WRONG_AUDIENCE(b -> b.audience("https://someone-else.example").sign()),
    EXPIRED(b -> b.window(Duration.ofMinutes(-20), Duration.ofMinutes(10)).sign()),
    ISSUED_IN_FUTURE(b -> b.window(Duration.ofMinutes(10), Duration.ofMinutes(10)).sign()),
    NOT_A_JWT(b -> "not-a-jwt");

    private final Function<TokenBuilder, String> mint;

    BadToken(Function<TokenBuilder, String> mint) {
        this.mint = mint;
    }

    /** Spoils an otherwise valid token for the platform under test. */
    public String mint(TokenBuilder valid) {
        return mint.apply(valid);
    }
}
