package dev.tokenbroker.emulators.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread-safe log of the requests one emulator received. */
public final class Recorder {

    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final AtomicInteger arrivals = new AtomicInteger();

    /** Counted on arrival, before any injected delay, so a timed-out client still shows up. */
    public void arrived() {
        arrivals.incrementAndGet();
    }

    public synchronized void record(ReceivedRequest request) {
        requests.add(request);
    }

    public int calls() {
        return arrivals.get();
    }

    public synchronized List<ReceivedRequest> received() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
        arrivals.set(0);
    }
}
