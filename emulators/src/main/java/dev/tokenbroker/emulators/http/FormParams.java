package dev.tokenbroker.emulators.http;

import dev.tokenbroker.emulators.recording.ReceivedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An {@code application/x-www-form-urlencoded} body, parsed once. */
public final class FormParams {

    private final Map<String, List<String>> values;

    private FormParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static FormParams parse(String body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new FormParams(Collections.unmodifiableMap(values));
    }

    /**
     * The value of a parameter; empty when absent or sent without a value, which RFC 6749 §3.1 says
     * must be treated as omitted.
     */
    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        return list == null || list.get(0).isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every non-empty value of a parameter, in order; for the few that may repeat (RFC 8693 audience, resource). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    }

    /** The first parameter sent more than once, if any (RFC 6749 §3.1 forbids repeats). */
    public Optional<String> repeated() {
        return repeated(Set.of());
    }

    /** The first parameter outside {@code mayRepeat} sent more than once, if any. */
    public Optional<String> repeated(Set<String> mayRepeat) {
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1 && !mayRepeat.contains(e.getKey()))
                .map(Map.Entry::getKey).findFirst();
    }

    /** All parameters with their first value, the named secrets replaced by a marker; for recording. */
    public Map<String, String> redacted(Set<String> secrets) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(name, secrets.contains(name) ? ReceivedRequest.REDACTED : list.get(0)));
        return copy;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A broken %-escape: keep it verbatim so validation rejects the value rather than the whole body.
            return s;
        }
    }
}
