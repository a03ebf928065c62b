package dev.tokenbroker.emulators.rfc8693;

import dev.tokenbroker.emulators.http.OAuthError;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;

/** The RFC 6749 §5.2 / RFC 8693 §2.2.2 error answers of the partner STS, in one place. */
final class PartnerStsErrors {

    /** RFC 7617 challenge; RFC 6749 §5.2 requires it on a 401 to a client that tried (or should try) Basic. */
    static final String BASIC_CHALLENGE = "Basic realm=\"partner-sts\", charset=\"UTF-8\"";

    private PartnerStsErrors() {
    }

    static Refusal error(int status, String error, String description) {
        return new Refusal(Reply.json(status, new OAuthError(error, description), Outcome.rejected(error, description)));
    }

    static Refusal invalidRequest(String description) {
        return error(400, "invalid_request", description);
    }

    static Refusal invalidTarget(String description) {
        return error(400, "invalid_target", description);
    }

    /** 401 {@code invalid_client}; with a Basic challenge when the client used or should use Basic. */
    static Refusal invalidClient(String description, boolean basicChallenge) {
        Reply reply = Reply.json(401, new OAuthError("invalid_client", description),
                Outcome.rejected("invalid_client", description));
        return new Refusal(basicChallenge ? reply.withHeader("WWW-Authenticate", BASIC_CHALLENGE) : reply);
    }

    /** Keys of the issuer could not be fetched: nothing the client did wrong, so a 5xx it may retry. */
    static Refusal temporarilyUnavailable(String description) {
        return error(503, "temporarily_unavailable", description);
    }
}
