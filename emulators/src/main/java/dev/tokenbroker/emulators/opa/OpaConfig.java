package dev.tokenbroker.emulators.opa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the emulated OPA serves.
 *
 * @param documents    document paths ({@code tokenbroker/exchange/decision}) and what each holds; any
 *                     other path is undefined, as in an OPA without that policy loaded
 * @param bearerToken  the token {@code --authentication=token --authorization=basic} with a
 *                     {@code system.authz} policy would demand, or {@code null} for an open server
 * @param decisionLogs whether decision logging is on: then every answer carries a {@code decision_id}
 */
public record OpaConfig(Map<String, OpaDocument> documents, String bearerToken, boolean decisionLogs) {

    public OpaConfig {
        documents = Map.copyOf(Objects.requireNonNull(documents, "documents"));
    }

    /** No policies, no authentication, decision logging on. */
    public static OpaConfig empty() {
        return new OpaConfig(Map.of(), null, true);
    }

    public OpaConfig withDocument(String path, OpaDocument document) {
        Map<String, OpaDocument> changed = new LinkedHashMap<>(documents);
        changed.put(normalize(path), document);
        return new OpaConfig(changed, bearerToken, decisionLogs);
    }

    public OpaConfig withBearerToken(String token) {
        return new OpaConfig(documents, token, decisionLogs);
    }

    public OpaConfig withDecisionLogs(boolean on) {
        return new OpaConfig(documents, bearerToken, on);
    }

    public OpaDocument document(String path) {
        return documents.getOrDefault(normalize(path), OpaDocument.undefined());
    }

    static String normalize(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
