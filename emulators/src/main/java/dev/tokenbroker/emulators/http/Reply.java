package dev.tokenbroker.emulators.http;

import dev.tokenbroker.emulators.recording.Outcome;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer ready to be written, with the outcome to record for it. */
public record Reply(int status, String contentType, String body, Map<String, String> headers, Outcome outcome) {

    public static final String JSON = "application/json";
    public static final String XML = "text/xml";

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object body, Outcome outcome) {
        return new Reply(status, JSON, Json.write(body), Map.of(), outcome);
    }

    public static Reply xml(int status, String body, Outcome outcome) {
        return new Reply(status, XML, body, Map.of(), outcome);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, contentType, body, copy, outcome);
    }
}
