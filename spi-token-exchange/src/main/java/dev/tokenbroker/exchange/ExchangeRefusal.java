package dev.tokenbroker.exchange;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;

/**
 * A token exchange refused for a stated reason. Thrown by the pipeline's steps and its routes, and
 * turned into the audit record and an OAuth error response in exactly one place ({@link ExchangeRecord}).
 * The record's error is the answer's error, so an event can be matched to what the caller saw.
 *
 * <p>The description goes to the caller and into the record, so it names what is wrong and never
 * echoes token content (caller input only through {@link Echo}).
 */
public final class ExchangeRefusal extends RuntimeException {

    /** RFC 8693 §2.2.2. */
    public static final String INVALID_TARGET = "invalid_target";
    /** RFC 6749 §4.1.2.1 (used by RFC 8693 deployments for a policy refusal). */
    public static final String ACCESS_DENIED = OAuthErrorException.ACCESS_DENIED;
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /** RFC 9396 §5. */
    public static final String INVALID_AUTHORIZATION_DETAILS = "invalid_authorization_details";

    private final String oauthError;
    private final Response.Status status;

    private ExchangeRefusal(String oauthError, Response.Status status, String description) {
        super(description, null, false, false);
        this.oauthError = oauthError;
        this.status = status;
    }

    /** RFC 8693 §2.2.2: malformed request, or a subject/actor token that is invalid or unacceptable. */
    public static ExchangeRefusal invalidRequest(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_REQUEST, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 8693 §2.2.2: the requested audience or resource is unknown or not allowed. */
    public static ExchangeRefusal invalidTarget(String description) {
        return new ExchangeRefusal(INVALID_TARGET, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 6749 §5.2: the requested scope exceeds what the subject token grants. */
    public static ExchangeRefusal invalidScope(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_SCOPE, Response.Status.BAD_REQUEST, description);
    }

    /**
     * RFC 9396 §5: {@code authorization_details} that is malformed, of an unknown type, not conforming
     * to its type, or of a type this client may not send.
     */
    public static ExchangeRefusal invalidAuthorizationDetails(String description) {
        return new ExchangeRefusal(INVALID_AUTHORIZATION_DETAILS, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 6749 §5.2: the authenticated client may not use this grant, or may not act this way. */
    public static ExchangeRefusal unauthorizedClient(String description) {
        return new ExchangeRefusal(OAuthErrorException.UNAUTHORIZED_CLIENT, Response.Status.BAD_REQUEST, description);
    }

    /** The policy gate said no; the description is the reason the policy chose to give. */
    public static ExchangeRefusal accessDenied(String description) {
        return new ExchangeRefusal(ACCESS_DENIED, Response.Status.BAD_REQUEST, description);
    }

    /**
     * The party the token must come from (an upstream platform) is down, slow or answering nonsense.
     * Fail closed with a retryable status rather than a 500: the caller's request was fine.
     */
    public static ExchangeRefusal temporarilyUnavailable(String description) {
        return new ExchangeRefusal(TEMPORARILY_UNAVAILABLE, Response.Status.SERVICE_UNAVAILABLE, description);
    }

    /** The upstream platform refused the exchange; RFC 8693 §2.2.2 makes that {@code invalid_request}. */
    public static ExchangeRefusal upstreamRejected(String description) {
        return invalidRequest(description);
    }

    public String oauthError() {
        return oauthError;
    }

    public Response.Status status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
