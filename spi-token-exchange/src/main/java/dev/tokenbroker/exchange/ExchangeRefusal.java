package dev.tokenbroker.exchange;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;

/**
 * A token exchange refused for a stated reason. Thrown by the validation steps and turned into an
 * event plus an OAuth error response in exactly one place ({@link RefusalResponder}).
 *
 * <p>The description goes to the caller and into the event, so it names what is wrong and never
 * echoes token content.
 */
public final class ExchangeRefusal extends RuntimeException {

    private final String oauthError;
    private final String eventError;
    private final Response.Status status;

    private ExchangeRefusal(String oauthError, String eventError, Response.Status status, String description) {
        super(description, null, false, false);
        this.oauthError = oauthError;
        this.eventError = eventError;
        this.status = status;
    }

    /** RFC 8693 §2.2.2: malformed request, or a subject/actor token that is invalid or unacceptable. */
    public static ExchangeRefusal invalidRequest(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_REQUEST, Errors.INVALID_REQUEST, Response.Status.BAD_REQUEST, description);
    }

    /** An invalid subject or actor token: still {@code invalid_request} on the wire, {@code invalid_token} in the event. */
    public static ExchangeRefusal invalidToken(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_REQUEST, Errors.INVALID_TOKEN, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 8693 §2.2.2: the requested audience or resource is unknown or not allowed. */
    public static ExchangeRefusal invalidTarget(String description) {
        return new ExchangeRefusal("invalid_target", Errors.INVALID_REQUEST, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 6749 §5.2: the requested scope exceeds what the subject token grants. */
    public static ExchangeRefusal invalidScope(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_SCOPE, Errors.INVALID_REQUEST, Response.Status.BAD_REQUEST, description);
    }

    /** RFC 6749 §5.2: the authenticated client may not use this grant, or may not act this way. */
    public static ExchangeRefusal unauthorizedClient(String description) {
        return new ExchangeRefusal(OAuthErrorException.UNAUTHORIZED_CLIENT, Errors.NOT_ALLOWED, Response.Status.BAD_REQUEST, description);
    }

    /**
     * The party the token must come from (an upstream platform) is down, slow or answering nonsense.
     * Fail closed with a retryable status rather than a 500: the caller's request was fine.
     */
    public static ExchangeRefusal temporarilyUnavailable(String description) {
        return new ExchangeRefusal("temporarily_unavailable", "upstream_unavailable", Response.Status.SERVICE_UNAVAILABLE, description);
    }

    /** The upstream platform refused the exchange; RFC 8693 §2.2.2 makes that {@code invalid_request}. */
    public static ExchangeRefusal upstreamRejected(String description) {
        return new ExchangeRefusal(OAuthErrorException.INVALID_REQUEST, "upstream_rejected", Response.Status.BAD_REQUEST, description);
    }

    public String oauthError() {
        return oauthError;
    }

    public String eventError() {
        return eventError;
    }

    public Response.Status status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
