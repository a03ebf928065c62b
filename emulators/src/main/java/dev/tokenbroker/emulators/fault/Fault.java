package dev.tokenbroker.emulators.fault;

import java.time.Duration;
import java.util.Objects;

/** A misbehaviour an emulator can be told to show instead of (or before) its honest answer. */
public sealed interface Fault permits Fault.Respond, Fault.MalformedBody, Fault.Delay, Fault.CloseConnection {

    /** Answer with this status and body, whatever the request was (an outage page, a 429, a 503…). */
    static Fault respond(int status, String contentType, String body) {
        return new Respond(status, contentType, body);
    }

    /** Answer 200 with a body that does not parse (truncated JSON or XML in the platform's content type). */
    static Fault malformedBody() {
        return new MalformedBody();
    }

    /** Wait this long, then answer honestly; for client timeout tests. */
    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** Close the TCP connection without sending any response bytes. */
    static Fault closeConnection() {
        return new CloseConnection();
    }

    /** A short name used in recorded outcomes ({@code fault:<kind>}). */
    String kind();

    record Respond(int status, String contentType, String body) implements Fault {
        public Respond {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + status);
            }
        }

        @Override
        public String kind() {
            return "status-" + status;
        }
    }

    record MalformedBody() implements Fault {
        @Override
        public String kind() {
            return "malformed";
        }
    }

    record Delay(Duration delay) implements Fault {
        public Delay {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay");
            }
        }

        @Override
        public String kind() {
            return "delay";
        }
    }

    record CloseConnection() implements Fault {
        @Override
        public String kind() {
            return "close";
        }
    }
}
