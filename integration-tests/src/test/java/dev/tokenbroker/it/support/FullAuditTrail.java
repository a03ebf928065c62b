package dev.tokenbroker.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A realm of its own whose audit trail holds exactly as many records as the audit search scans, so a
 * search whose filter matches none of them is the one the bound may have cut short. Its records are
 * refused exchanges (an unknown client), the cheapest record there is. Closing deletes the realm.
 */
public final class FullAuditTrail implements AutoCloseable {

    /** The audit search's answer header that says the scan's bound may have cut it short (README). */
    public static final String TRUNCATED_HEADER = "Token-Broker-Audit-Truncated";
    /** The audit search's answer header that states its bound (README). */
    public static final String SCAN_LIMIT_HEADER = "Token-Broker-Audit-Scan-Limit";
    /** How many of the newest records the audit search scans (README). */
    public static final int SCAN_BOUND = 2000;

    private final Realm realm;

    private FullAuditTrail(Realm realm) {
        this.realm = realm;
    }

    /** Creates the realm {@code name} on the server {@code onServer} lives on and fills its trail to the bound. */
    public static FullAuditTrail create(Realm onServer, String name) {
        assertThat(onServer.admin().importRealm(Map.of("realm", name, "enabled", true, "eventsEnabled", true,
                "enabledEventTypes", List.of("TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR"))).status()).isEqualTo(201);
        FullAuditTrail trail = new FullAuditTrail(onServer.other(name));
        try {
            trail.fill();
        } catch (RuntimeException | AssertionError e) {
            trail.close();
            throw e;
        }
        return trail;
    }

    private void fill() {
        Http http = new Http();
        IntStream.range(0, SCAN_BOUND).parallel().forEach(i -> assertThat(http.postForm(realm.tokenEndpoint(),
                Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "client_id", "no-such-agent-" + i,
                        "subject_token", "x", "subject_token_type", "urn:ietf:params:oauth:token-type:access_token")).status())
                .isEqualTo(401));
    }

    public Realm realm() {
        return realm;
    }

    @Override
    public void close() {
        realm.admin().delete("");
    }
}
