package dev.tokenbroker.mcp.auth;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Validates the MCP client's access token locally, as the MCP authorization spec asks of a resource
 * server: signature through the realm's JWKS (algorithms pinned), {@code iss} exactly the realm,
 * {@code aud} containing this gateway's canonical URI (RFC 8707: a token meant for another resource
 * is refused even when the realm signed it), {@code exp}/{@code nbf} with a minute of skew, and an
 * access token rather than a refresh or ID token. No introspection call per request.
 */
public final class AccessTokenVerifier {

    /** What Keycloak realms sign with; HS* never, since the gateway holds no shared key. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public AccessTokenVerifier(URI issuer, URI jwks, URI resource) {
        this(issuer, jwksSource(jwks), resource);
    }

    AccessTokenVerifier(URI issuer, JWKSource<SecurityContext> keys, URI resource) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(resource.toString(),
                new JWTClaimsSet.Builder().issuer(issuer.toString()).build(),
                new HashSet<>(Arrays.asList("sub", "exp", "iat"))));
    }

    private static JWKSource<SecurityContext> jwksSource(URI jwks) {
        try {
            // Keys are fetched on first use (Keycloak may start after the gateway), cached, refetched on an unknown kid.
            return JWKSourceBuilder.create(jwks.toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("JWKS URL " + jwks, e);
        }
    }

    /** @throws InvalidToken with a description fit for {@code error_description} (never token content) */
    public VerifiedToken verify(String token) throws InvalidToken {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidToken("the access token is not a JWT");
        } catch (BadJOSEException e) {
            throw new InvalidToken(describe(e));
        } catch (JOSEException e) {
            throw new InvalidToken("the access token could not be verified");
        }
        try {
            String type = claims.getStringClaim("typ");
            // Keycloak marks its tokens: refresh and ID tokens of the same realm must not pass as access tokens.
            if (type != null && !type.equalsIgnoreCase("Bearer")) {
                throw new InvalidToken("not an access token");
            }
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
            return new VerifiedToken(token, claims.getSubject(), claims.getStringClaim("preferred_username"),
                    claims.getStringClaim("azp"), Set.copyOf(scopes));
        } catch (ParseException e) {
            throw new InvalidToken("the access token has malformed claims");
        }
    }

    /** Nimbus's messages mapped to fixed descriptions: never the token's values back to the caller. */
    private static String describe(BadJOSEException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Expired")) {
            return "the access token has expired";
        }
        if (message.contains("before use time")) {
            return "the access token is not valid yet";
        }
        if (message.contains("aud claim") || message.contains("audience")) {
            return "the access token is not addressed to this resource";
        }
        if (message.contains("iss claim")) {
            return "the access token was not issued by the expected authorization server";
        }
        return "the access token signature or claims are invalid";
    }

    /** A token the gateway refuses: RFC 6750 {@code invalid_token}. */
    public static final class InvalidToken extends Exception {
        public InvalidToken(String description) {
            super(description);
        }
    }
}
