package dev.tokenbroker.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A name service for tests: each name answers its scripted answers in turn (the last one repeats), and lookups are counted. */
public final class ScriptedNames implements HostResolver {

    private final Map<String, Deque<String[]>> answers = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** Adds the next answer for {@code name}: these addresses (literals), in this order. */
    public ScriptedNames answer(String name, String... addresses) {
        answers.computeIfAbsent(name, n -> new ArrayDeque<>()).add(addresses);
        return this;
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public synchronized InetAddress[] resolve(String name) throws UnknownHostException {
        lookups.incrementAndGet();
        Deque<String[]> queue = answers.get(name);
        if (queue == null) {
            throw new UnknownHostException(name);
        }
        String[] next = queue.size() > 1 ? queue.poll() : queue.peek();
        InetAddress[] addresses = new InetAddress[next.length];
        for (int i = 0; i < next.length; i++) {
            addresses[i] = InetAddress.getByAddress(name, InetAddress.getByName(next[i]).getAddress());
        }
        return addresses;
    }
}
