package dev.tokenbroker.it.support;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/** Verifies tokens the way any relying party would: through the realm's published JWKS. */
public final class RealmKeys {

    private RealmKeys() {
    }

    /** Whether the token's signature verifies with the RSA key its {@code kid} names in the realm JWKS. */
    public static boolean signedByRealmKey(Realm realm, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet jwks = JWKSet.parse(new Http().get(realm.oidc("certs")).body());
        if (!(jwks.getKeyByKeyId(jwt.getHeader().getKeyID()) instanceof RSAKey key)) {
            return false;
        }
        return jwt.verify(new RSASSAVerifier(key));
    }
}
