package dev.tokenbroker.emulators.recording;

/**
 * How an emulator answered one request.
 *
 * @param accepted true when the request succeeded
 * @param error    the vendor error code sent on the wire ({@code invalid_grant}, {@code AccessDenied},
 *                 {@code 390303}…), or {@code fault:<kind>} for an injected fault; null when accepted
 * @param detail   a human-readable reason or, when accepted, who the request was served for;
 *                 never contains a token or secret
 */
public record Outcome(boolean accepted, String error, String detail) {

    public static Outcome accepted(String detail) {
        return new Outcome(true, null, detail);
    }

    public static Outcome rejected(String error, String detail) {
        return new Outcome(false, error, detail);
    }

    public static Outcome fault(String kind) {
        return new Outcome(false, "fault:" + kind, "injected fault");
    }
}
