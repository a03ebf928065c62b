package dev.tokenbroker.emulators.rfc8693;

import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.recording.PresentedToken;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Finds out which registered client is calling and checks that it proved it with the one method it is
 * registered for (RFC 6749 §2.3, RFC 7523 §2.2). Every failure is 401 {@code invalid_client}, with a
 * Basic challenge when the client tried Basic, sent nothing at all, or is registered for Basic. Using
 * more than one method in a request is 400 {@code invalid_request} (RFC 6749 §5.2).
 */
final class ClientAuthentication {

    static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final ClientAssertionVerifier assertions;

    ClientAuthentication(ClientAssertionVerifier assertions) {
        this.assertions = assertions;
    }

    /** The authenticated client. {@code endpointUrls}: what a client assertion's {@code aud} may name. */
    PartnerClient authenticate(Call call, FormParams form, PartnerStsConfig config, Set<String> endpointUrls)
            throws Refusal {
        Optional<String> authorization = call.header("Authorization");
        Optional<String> assertion = form.get("client_assertion");
        Optional<String> assertionType = form.get("client_assertion_type");
        boolean secretInForm = form.get("client_secret").isPresent();
        int methods = (authorization.isPresent() ? 1 : 0)
                + (assertion.isPresent() || assertionType.isPresent() ? 1 : 0) + (secretInForm ? 1 : 0);
        if (methods > 1) {
            throw PartnerStsErrors.invalidRequest("More than one client authentication method in the request");
        }
        Optional<String> formClientId = form.get("client_id");
        if (authorization.isPresent()) {
            return basic(authorization.get(), formClientId, config);
        }
        if (assertion.isPresent() || assertionType.isPresent()) {
            return privateKeyJwt(assertion, assertionType, formClientId, config, endpointUrls);
        }
        if (secretInForm) {
            throw PartnerStsErrors.invalidClient("client_secret_post is not supported; use HTTP Basic", true);
        }
        if (formClientId.isEmpty()) {
            throw PartnerStsErrors.invalidClient("Client authentication is required", true);
        }
        PartnerClient client = known(formClientId.get(), config, true);
        if (client.authMethod() != ClientAuthMethod.NONE) {
            throw PartnerStsErrors.invalidClient("Client " + client.clientId() + " must authenticate with "
                    + client.authMethod().wireName(), client.authMethod() == ClientAuthMethod.CLIENT_SECRET_BASIC);
        }
        return client;
    }

    private static PartnerClient basic(String authorization, Optional<String> formClientId, PartnerStsConfig config)
            throws Refusal {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw PartnerStsErrors.invalidClient("Unsupported Authorization scheme; use Basic", true);
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization.substring(6).trim())
                .orElseThrow(() -> PartnerStsErrors.invalidClient("Malformed Basic credentials", true));
        if (formClientId.isPresent() && !formClientId.get().equals(credentials.clientId())) {
            throw PartnerStsErrors.invalidClient("client_id does not match the Basic credentials", true);
        }
        PartnerClient client = known(credentials.clientId(), config, true);
        if (client.authMethod() != ClientAuthMethod.CLIENT_SECRET_BASIC) {
            throw PartnerStsErrors.invalidClient("Client " + client.clientId() + " must authenticate with "
                    + client.authMethod().wireName(), true);
        }
        // Constant time, as a real server must: a timing difference would leak the secret byte by byte.
        if (!MessageDigest.isEqual(credentials.secret().getBytes(StandardCharsets.UTF_8),
                client.secret().getBytes(StandardCharsets.UTF_8))) {
            throw PartnerStsErrors.invalidClient("Wrong client secret for " + client.clientId(), true);
        }
        return client;
    }

    private PartnerClient privateKeyJwt(Optional<String> assertion, Optional<String> assertionType,
                                        Optional<String> formClientId, PartnerStsConfig config,
                                        Set<String> endpointUrls) throws Refusal {
        if (assertion.isEmpty() || assertionType.isEmpty()) {
            throw PartnerStsErrors.invalidRequest("client_assertion and client_assertion_type must be sent together");
        }
        if (!assertionType.get().equals(JWT_BEARER_ASSERTION)) {
            throw PartnerStsErrors.invalidClient("Unsupported client_assertion_type " + assertionType.get(), false);
        }
        // RFC 7523 §3: without client_id the assertion's sub names the client. Unverified here, it only
        // selects whose keys to verify with; the verifier then insists iss = sub = that client.
        String clientId = formClientId.or(() -> PresentedToken.decode(assertion.get()).map(PresentedToken::subject))
                .orElseThrow(() -> PartnerStsErrors.invalidClient("Invalid client_assertion: not a JWT with a sub",
                        false));
        PartnerClient client = known(clientId, config, false);
        if (client.authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw PartnerStsErrors.invalidClient("Client " + clientId + " must authenticate with "
                    + client.authMethod().wireName(), client.authMethod() == ClientAuthMethod.CLIENT_SECRET_BASIC);
        }
        assertions.verify(assertion.get(), client, endpointUrls);
        return client;
    }

    private static PartnerClient known(String clientId, PartnerStsConfig config, boolean basicChallenge)
            throws Refusal {
        return config.client(clientId)
                .orElseThrow(() -> PartnerStsErrors.invalidClient("Unknown client " + clientId, basicChallenge));
    }

    /** RFC 6749 §2.3.1: id and secret are form-url-encoded before they are joined and Base64-encoded. */
    private record BasicCredentials(String clientId, String secret) {

        static Optional<BasicCredentials> parse(String encoded) {
            try {
                String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon < 1) {
                    return Optional.empty();
                }
                return Optional.of(new BasicCredentials(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                // Not Base64, or a broken %-escape.
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "BasicCredentials[clientId=" + clientId + "]";
        }
    }
}
