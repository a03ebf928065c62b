package dev.tokenbroker.emulators.http;

import com.sun.net.httpserver.HttpExchange;
import dev.tokenbroker.emulators.fault.Fault;
import dev.tokenbroker.emulators.fault.FaultPlan;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.PresentedToken;
import dev.tokenbroker.emulators.recording.ReceivedRequest;
import dev.tokenbroker.emulators.recording.Recorder;
import dev.tokenbroker.emulators.recording.RequestLog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * What every platform emulator shares: its configuration (changeable at runtime), recording, call
 * counting, fault injection and the HTTP plumbing. Subclasses only turn a {@link Call} into a {@link Reply}.
 *
 * <p>A request is recorded <em>before</em> its response is written, so a test that has received the
 * response always finds the request in {@link #received()} without waiting.
 *
 * @param <C> the platform's configuration record
 */
public abstract class PlatformEmulator<C> {

    private final String name;
    private final C initialConfig;
    private final AtomicReference<C> config;
    private final URI serverBase;
    protected final Clock clock;
    private final Recorder recorder = new Recorder();
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog log;

    protected PlatformEmulator(String name, C config, URI serverBase, Clock clock, RequestLog log) {
        this.name = name;
        this.initialConfig = config;
        this.config = new AtomicReference<>(config);
        this.serverBase = serverBase;
        this.clock = clock;
        this.log = log;
    }

    /** Short platform name, also the recorded log prefix ({@code databricks}, {@code aws-sts}…). */
    public final String name() {
        return name;
    }

    /** Context paths this emulator serves, e.g. {@code /databricks}. */
    public abstract List<String> contextPaths();

    /** Base URI of the first context, e.g. {@code http://127.0.0.1:41234/databricks}. */
    public URI baseUri() {
        return uriOf(contextPaths().get(0));
    }

    protected final URI uriOf(String path) {
        return serverBase.resolve(path);
    }

    /** The configuration in force: the initial one, or what {@link #reconfigure} made of it since. */
    public final C config() {
        return config.get();
    }

    /**
     * Changes the configuration at runtime, e.g.
     * {@code databricks.reconfigure(c -> c.withProvisionedUser("carol@acme.test"))}; {@link #reset()} restores
     * the initial one.
     */
    public final void reconfigure(UnaryOperator<C> change) {
        config.updateAndGet(change);
    }

    /** Every request received since start or the last {@link #reset()}, in arrival order of completion. */
    public final List<ReceivedRequest> received() {
        return recorder.received();
    }

    /** The most recent request; fails if none was received. */
    public final ReceivedRequest lastReceived() {
        List<ReceivedRequest> all = recorder.received();
        if (all.isEmpty()) {
            throw new IllegalStateException(name + " received no request");
        }
        return all.get(all.size() - 1);
    }

    /** Requests that arrived, counted on arrival (including ones still delayed or dropped). */
    public final int calls() {
        return recorder.calls();
    }

    /** Fault injection for the next calls. */
    public final FaultPlan faults() {
        return faults;
    }

    /** Back to the state right after start: no recordings, no faults, initial configuration, nothing issued. */
    public final void reset() {
        recorder.clear();
        faults.clear();
        config.set(initialConfig);
        resetState();
    }

    /** Forgets what the platform issued (tokens, sessions…); {@link #reset()} has restored the configuration. */
    protected void resetState() {
    }

    /**
     * The honest answer to a request; a refused request may be answered by throwing the {@link Refusal}
     * that holds its error reply. Must not throw anything else for any client input.
     */
    protected abstract Reply handle(Call call) throws Refusal;

    /** A 200 whose body looks like this platform's but does not parse. */
    protected abstract Reply malformedReply();

    /** The platform's error answer for an unknown path or method. */
    protected abstract Reply notFound(Call call);

    /** Entry point from the HTTP server. */
    public final void serve(HttpExchange exchange, String contextPath) throws IOException {
        recorder.arrived();
        Instant receivedAt = clock.instant();
        try (exchange) {
            Call call = Call.read(exchange, contextPath);
            Optional<Fault> fault = faults.take();
            if (fault.isPresent() && fault.get() instanceof Fault.CloseConnection) {
                record(call, receivedAt, 0, Outcome.fault(fault.get().kind()));
                // Closing before sendResponseHeaders makes the JDK server drop the TCP connection.
                return;
            }
            if (fault.isPresent() && fault.get() instanceof Fault.Delay delay && !sleep(delay)) {
                return;
            }
            Reply reply = fault.map(f -> injected(f, call)).orElseGet(() -> honest(call));
            record(call, receivedAt, reply.status(), reply.outcome());
            send(exchange, reply);
        }
    }

    private Reply injected(Fault fault, Call call) {
        if (fault instanceof Fault.Respond respond) {
            return new Reply(respond.status(), respond.contentType(), respond.body(), Map.of(),
                    Outcome.fault(fault.kind()));
        }
        if (fault instanceof Fault.MalformedBody) {
            Reply malformed = malformedReply();
            return new Reply(malformed.status(), malformed.contentType(), malformed.body(), malformed.headers(),
                    Outcome.fault(fault.kind()));
        }
        return honest(call);
    }

    private Reply honest(Call call) {
        if (call.bodyTooLarge()) {
            return new Reply(413, "text/plain", "Request entity too large", Map.of(),
                    Outcome.rejected("request_too_large", "body over " + Call.MAX_BODY_BYTES + " bytes"));
        }
        try {
            return handle(call);
        } catch (Refusal refusal) {
            return refusal.reply();
        } catch (RuntimeException e) {
            return new Reply(500, Reply.JSON, "{\"error\":\"server_error\"}", Map.of(),
                    Outcome.rejected("server_error", "emulator bug: " + e));
        }
    }

    private static boolean sleep(Fault.Delay delay) {
        try {
            Thread.sleep(delay.delay().toMillis());
            return true;
        } catch (InterruptedException e) {
            // The server is shutting down; leave without answering.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void record(Call call, Instant receivedAt, int status, Outcome outcome) {
        ReceivedRequest request = new ReceivedRequest(receivedAt, call.method(), call.path(), call.params(),
                PresentedToken.decode(call.presentedToken()), status, outcome,
                PresentedToken.decode(call.presentedClientAssertion()));
        recorder.record(request);
        log.log(name, request);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
