package dev.tokenbroker.emulators.recording;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One request an emulator received, as recorded for tests.
 *
 * @param receivedAt when it arrived (emulator clock)
 * @param method     HTTP method
 * @param path       request path, e.g. {@code /aws-sts/}
 * @param params     form parameters (or selected JSON body fields); secrets replaced by {@value #REDACTED}
 * @param token      the presented JWT or bearer, decoded without verification, if it was a JWT
 * @param status     HTTP status answered; 0 when the connection was closed without an answer
 * @param outcome    accepted, or the error code answered
 * @param clientAssertion the RFC 7523 client assertion the client authenticated with, decoded without
 *                   verification (its serialized form is redacted in {@code params}); empty for other methods
 */
public record ReceivedRequest(Instant receivedAt, String method, String path, Map<String, String> params,
                              Optional<PresentedToken> token, int status, Outcome outcome,
                              Optional<PresentedToken> clientAssertion) {

    public static final String REDACTED = "<redacted>";

    public ReceivedRequest {
        params = Map.copyOf(params);
        clientAssertion = clientAssertion == null ? Optional.empty() : clientAssertion;
    }

    /** A request without client assertion, as every platform but the partner STS records it. */
    public ReceivedRequest(Instant receivedAt, String method, String path, Map<String, String> params,
                           Optional<PresentedToken> token, int status, Outcome outcome) {
        this(receivedAt, method, path, params, token, status, outcome, Optional.empty());
    }

    public boolean accepted() {
        return outcome.accepted();
    }

    public String error() {
        return outcome.error();
    }
}
