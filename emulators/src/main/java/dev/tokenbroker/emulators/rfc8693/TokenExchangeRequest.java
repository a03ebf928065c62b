package dev.tokenbroker.emulators.rfc8693;

import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.Refusal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The syntax of an RFC 8693 §2.1 request, checked parameter by parameter; each failure names the
 * parameter. Policy (which audiences and scopes) is the emulator's, not checked here.
 *
 * @param scopes requested scopes, empty when {@code scope} was not sent
 */
record TokenExchangeRequest(String subjectToken, String subjectTokenType, Optional<String> actorToken,
                            List<String> audiences, List<String> resources, List<String> scopes) {

    static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    /** All validated as JWTs of a trusted issuer: an access token is accepted only if it is one (RFC 8693 §3). */
    static final Set<String> INPUT_TOKEN_TYPES = Set.of(JWT_TOKEN_TYPE, ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE);
    /** RFC 8693 §2.1 lets these two repeat, one target per value; every other parameter must not. */
    static final Set<String> MULTI_VALUED = Set.of("audience", "resource");

    static TokenExchangeRequest parse(FormParams form) throws Refusal {
        // grant_type (REQUIRED)
        String grantType = form.get("grant_type")
                .orElseThrow(() -> PartnerStsErrors.invalidRequest("Missing grant_type"));
        if (!grantType.equals(TOKEN_EXCHANGE_GRANT)) {
            throw PartnerStsErrors.error(400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
        }
        // subject_token, subject_token_type (REQUIRED)
        String subjectToken = form.get("subject_token")
                .orElseThrow(() -> PartnerStsErrors.invalidRequest("Missing subject_token"));
        String subjectTokenType = form.get("subject_token_type")
                .orElseThrow(() -> PartnerStsErrors.invalidRequest("Missing subject_token_type"));
        if (!INPUT_TOKEN_TYPES.contains(subjectTokenType)) {
            throw PartnerStsErrors.invalidRequest("Unsupported subject_token_type " + subjectTokenType);
        }
        // actor_token (OPTIONAL); actor_token_type REQUIRED with it and forbidden without it
        Optional<String> actorToken = form.get("actor_token");
        Optional<String> actorTokenType = form.get("actor_token_type");
        if (actorToken.isPresent() != actorTokenType.isPresent()) {
            throw PartnerStsErrors.invalidRequest("actor_token and actor_token_type must be sent together");
        }
        if (actorTokenType.isPresent() && !INPUT_TOKEN_TYPES.contains(actorTokenType.get())) {
            throw PartnerStsErrors.invalidRequest("Unsupported actor_token_type " + actorTokenType.get());
        }
        // requested_token_type (OPTIONAL): this server issues access tokens only.
        Optional<String> requestedType = form.get("requested_token_type");
        if (requestedType.isPresent() && !requestedType.get().equals(ACCESS_TOKEN_TYPE)) {
            throw PartnerStsErrors.invalidRequest("Unsupported requested_token_type " + requestedType.get());
        }
        // resource (OPTIONAL, repeatable): an absolute URI without fragment (RFC 8693 §2.1, RFC 8707 §2).
        List<String> resources = form.all("resource");
        for (String resource : resources) {
            if (!isAbsoluteWithoutFragment(resource)) {
                throw PartnerStsErrors.invalidTarget("resource " + resource + " is not an absolute URI without fragment");
            }
        }
        // scope (OPTIONAL): space-delimited, RFC 6749 §3.3.
        List<String> scopes = form.get("scope").map(s -> Arrays.stream(s.trim().split("\\s+"))
                .filter(t -> !t.isEmpty()).distinct().toList()).orElse(List.of());
        return new TokenExchangeRequest(subjectToken, subjectTokenType, actorToken, form.all("audience"), resources,
                scopes);
    }

    private static boolean isAbsoluteWithoutFragment(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Never prints the tokens: requests end up in test failure messages. */
    @Override
    public String toString() {
        return "TokenExchangeRequest[subjectTokenType=" + subjectTokenType + ", actorToken="
                + actorToken.map(t -> "<redacted>").orElse("none") + ", audiences=" + audiences
                + ", resources=" + resources + ", scopes=" + scopes + "]";
    }
}
