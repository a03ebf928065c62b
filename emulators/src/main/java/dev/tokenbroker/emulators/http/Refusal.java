package dev.tokenbroker.emulators.http;

/**
 * A request refused with a ready vendor-format error reply. Handlers are written as guard clauses that
 * throw this; {@link PlatformEmulator} turns it into the answer in one place.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    public Refusal(Reply reply) {
        super(reply.outcome().error() + ": " + reply.outcome().detail(), null, false, false);
        this.reply = reply;
    }

    public Reply reply() {
        return reply;
    }
}
