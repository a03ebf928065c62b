package dev.tokenbroker.emulators.fault;

import java.util.Optional;

/**
 * The faults an emulator will inject: the next {@code n} calls, or every call until {@link #clear()}.
 * Thread-safe; each call consumes at most one fault.
 */
public final class FaultPlan {

    /** Remaining count meaning "until cleared". */
    private static final int FOREVER = -1;

    private Fault fault;
    private int remaining;

    /** Injects {@code fault} into the next {@code times} calls (replacing any earlier plan). */
    public synchronized FaultPlan next(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        this.fault = fault;
        this.remaining = times;
        return this;
    }

    /** Injects {@code fault} into every call until {@link #clear()}. */
    public synchronized FaultPlan always(Fault fault) {
        this.fault = fault;
        this.remaining = FOREVER;
        return this;
    }

    public synchronized void clear() {
        fault = null;
        remaining = 0;
    }

    /** The fault for the call now arriving, if any; consumes one of a counted plan. */
    public synchronized Optional<Fault> take() {
        if (fault == null) {
            return Optional.empty();
        }
        Fault current = fault;
        if (remaining != FOREVER && --remaining == 0) {
            fault = null;
        }
        return Optional.of(current);
    }
}
