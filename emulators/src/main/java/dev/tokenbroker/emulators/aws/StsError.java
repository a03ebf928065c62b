package dev.tokenbroker.emulators.aws;

import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;

import java.util.UUID;

/** STS error codes with the HTTP status AWS sends for each. */
enum StsError {
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400),
    EXPIRED_TOKEN("ExpiredTokenException", 400),
    IDP_REJECTED_CLAIM("IDPRejectedClaim", 403),
    IDP_COMMUNICATION_ERROR("IDPCommunicationError", 400),
    ACCESS_DENIED("AccessDenied", 403),
    VALIDATION_ERROR("ValidationError", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    MISSING_ACTION("MissingAction", 400),
    INVALID_ACTION("InvalidAction", 400),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
    PACKED_POLICY_TOO_LARGE("PackedPolicyTooLarge", 400);

    private final String code;
    private final int status;

    StsError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    Refusal refusal(String message) {
        String requestId = UUID.randomUUID().toString();
        return new Refusal(Reply.xml(status, StsXml.error(code, message, requestId), Outcome.rejected(code, message))
                .withHeader("x-amzn-RequestId", requestId));
    }
}
