package dev.tokenbroker.exchange;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Explains why a token of the realm failed verification, for the error description and the record.
 * Keycloak's verifier only answers valid or not; this reads the (unverified) token again, on the
 * failure path only, to name the first problem a client can act on. Nothing it reads is trusted or
 * echoed back, and no shape of token makes it fail.
 */
final class TokenDiagnosis {

    private TokenDiagnosis() {
    }

    static String explain(String parameter, String token, String realmIssuer, long now) {
        UnverifiedJwt jwt = UnverifiedJwt.read(token);
        JsonNode claims = jwt == null ? null : jwt.claims();
        if (claims == null) {
            return parameter + " is not a well-formed JWT";
        }
        String alg = jwt.algorithm();
        if (alg == null || "none".equalsIgnoreCase(alg)) {
            return parameter + " is not signed";
        }
        JsonNode issuer = claims.get("iss");
        if (issuer == null || !issuer.isTextual() || !issuer.asText().equals(realmIssuer)) {
            return parameter + " was not issued by this realm";
        }
        JsonNode exp = claims.get("exp");
        if (exp != null && exp.isNumber() && exp.asLong() != 0 && exp.asLong() <= now) {
            return parameter + " has expired";
        }
        JsonNode type = claims.get("typ");
        if (type != null && (!type.isTextual() || !"Bearer".equalsIgnoreCase(type.asText()))) {
            return parameter + " is not an access token";
        }
        return parameter + " is invalid: bad signature, revoked, or its user, client or session is no longer active";
    }
}
