package dev.tokenbroker.emulators.recording;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * One line per request for standalone runs. Prints claim names, the subject and the outcome only:
 * never a token, a form value or an issued credential.
 */
@FunctionalInterface
public interface RequestLog {

    void log(String platform, ReceivedRequest request);

    static RequestLog silent() {
        return (platform, request) -> { };
    }

    static RequestLog to(PrintStream out) {
        return (platform, request) -> {
            String token = request.token()
                    .map(t -> " sub=" + t.subject() + " claims=" + t.claims().getClaims().keySet().stream()
                            .sorted().collect(Collectors.joining(",", "[", "]")))
                    .orElse("");
            String outcome = request.accepted() ? "accepted" : "rejected " + request.error();
            out.printf("[%s] %s %s%s -> %d %s%n", platform, request.method(), request.path(), token,
                    request.status(), outcome);
        };
    }
}
