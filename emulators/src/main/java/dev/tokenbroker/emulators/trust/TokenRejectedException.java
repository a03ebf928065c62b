package dev.tokenbroker.emulators.trust;

/** A presented JWT failed validation; {@link #getMessage()} is safe to show (it never contains the token). */
public final class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Rejection reason;

    public TokenRejectedException(Rejection reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Rejection reason() {
        return reason;
    }
}
