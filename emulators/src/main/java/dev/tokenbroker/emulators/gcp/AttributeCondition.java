package dev.tokenbroker.emulators.gcp;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.List;
import java.util.Objects;

/**
 * A one-clause attribute condition, the subset of CEL the emulator understands:
 * {@code assertion.<claim> == '<value>'}, or {@code '<value>' in assertion.<claim>} when the claim is
 * an array. Enough to show a provider refusing a token that maps fine but is not allowed.
 */
public record AttributeCondition(String claim, String value) {

    public AttributeCondition {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(value, "value");
    }

    public boolean test(JWTClaimsSet claims) {
        Object actual = claims.getClaim(claim);
        if (actual instanceof String s) {
            return s.equals(value);
        }
        if (actual instanceof Boolean b) {
            return b.toString().equals(value);
        }
        return actual instanceof List<?> list && list.contains(value);
    }

    /** The equivalent CEL, for documentation and messages. */
    public String toCel() {
        return "assertion." + claim + " == '" + value + "'";
    }
}
