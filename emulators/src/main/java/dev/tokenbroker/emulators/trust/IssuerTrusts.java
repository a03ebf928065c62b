package dev.tokenbroker.emulators.trust;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link IssuerTrust} per issuer URL, shared by all platforms of a server so that the same
 * Keycloak realm's keys are fetched once, while each platform still pins its own issuer.
 */
public final class IssuerTrusts {

    private final Map<String, IssuerTrust> byIssuer = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(IssuerTrust.CONNECT_TIMEOUT)
            // A redirect to another host would let someone else supply keys; real verifiers do not follow them either.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public IssuerTrust forIssuer(String issuer) {
        return byIssuer.computeIfAbsent(issuer, i -> new IssuerTrust(i, http));
    }

    /** Forgets every cached JWKS. */
    public void forgetAll() {
        byIssuer.values().forEach(IssuerTrust::forget);
    }
}
