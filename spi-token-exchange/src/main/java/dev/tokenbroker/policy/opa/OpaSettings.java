package dev.tokenbroker.policy.opa;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import dev.tokenbroker.outbound.OutboundUrlPolicy;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.SettingValues;

/**
 * How to reach OPA's REST Data API for one target.
 *
 * @param url              OPA's base URL, e.g. {@code http://127.0.0.1:8181}
 * @param path             the decision's document path, e.g. {@code tokenbroker/exchange/decision}
 *                         (package {@code tokenbroker.exchange}, rule {@code decision})
 * @param token            bearer token for OPA's {@code --authentication=token}, best a vault reference
 *                         {@code ${vault.<key>}}; {@code null} for none
 * @param connectTimeoutMs connect timeout
 * @param readTimeoutMs    read timeout: a policy that does not answer in time is an outage, not a wait
 */
public record OpaSettings(URI url, String path, String token, int connectTimeoutMs, int readTimeoutMs) {

    public static final String DEFAULT_PATH = "tokenbroker/exchange/decision";
    /** A decision is a lookup on a sidecar: milliseconds. Waiting longer holds the caller's request. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 500;
    public static final int DEFAULT_READ_TIMEOUT_MS = 1000;
    public static final int MIN_TIMEOUT_MS = 50;
    public static final int MAX_TIMEOUT_MS = 10_000;

    /** Rego package and rule names: identifiers separated by '/'. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");

    /** @throws IllegalArgumentException naming the first invalid setting */
    public static OpaSettings parse(PolicyConfig config) {
        if (config.opaUrl() == null) {
            throw new IllegalArgumentException(PolicyConfig.OPA_URL + " is required for engine opa");
        }
        URI url;
        try {
            url = new URI(config.opaUrl().replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PolicyConfig.OPA_URL + " is not a valid URL");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(PolicyConfig.OPA_URL + " must not have a query or fragment");
        }
        // Policy inputs name users, roles and agents: the destination rules of upstream calls, judged here on
        // what the host resolves to now (settings are parsed once per configuration) and again on every connect.
        String problem = OutboundUrlPolicy.SYSTEM.problemOnSave(url);
        if (problem != null) {
            throw new IllegalArgumentException(PolicyConfig.OPA_URL + " " + problem);
        }
        String path = config.opaPath() == null ? DEFAULT_PATH : config.opaPath().replaceAll("^/+|/+$", "");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(PolicyConfig.OPA_PATH + " must be a document path such as " + DEFAULT_PATH);
        }
        return new OpaSettings(url, path, config.opaToken(),
                SettingValues.integer(PolicyConfig.OPA_CONNECT_TIMEOUT, config.opaConnectTimeout(), DEFAULT_CONNECT_TIMEOUT_MS,
                        MIN_TIMEOUT_MS, MAX_TIMEOUT_MS),
                SettingValues.integer(PolicyConfig.OPA_READ_TIMEOUT, config.opaReadTimeout(), DEFAULT_READ_TIMEOUT_MS,
                        MIN_TIMEOUT_MS, MAX_TIMEOUT_MS));
    }

    /** {@code POST <url>/v1/data/<path>}. */
    public URI dataEndpoint() {
        return URI.create(url + "/v1/data/" + path);
    }
}
