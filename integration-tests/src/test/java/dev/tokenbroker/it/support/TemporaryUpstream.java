package dev.tokenbroker.it.support;

import java.util.Map;

/**
 * An upstream a test creates through the admin REST API for itself and removes when it is done,
 * with try-with-resources: it must not outlive the test, or a later one would meet its alias.
 */
public final class TemporaryUpstream implements AutoCloseable {

    private final Realm realm;
    private final String id;

    private TemporaryUpstream(Realm realm, String id) {
        this.realm = realm;
        this.id = id;
    }

    /** Creates an upstream component that must validate (see {@link Upstreams#createValid}). */
    public static TemporaryUpstream create(Realm realm, String alias, String providerId, Map<String, String> config) {
        return new TemporaryUpstream(realm, Upstreams.createValid(realm, alias, providerId, config));
    }

    /** Its component id. */
    public String id() {
        return id;
    }

    @Override
    public void close() {
        Upstreams.delete(realm, id);
    }
}
