package dev.tokenbroker.resource;

import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.RealmModel;

/**
 * The resource URIs a realm serves: those its clients list in {@value #RESOURCE_URI} (the attribute
 * the exchange also reads to let a resource server's client hold a token addressed to its URI).
 */
final class RealmResources {

    static final String RESOURCE_URI = "tokenbroker.resource-uri";

    private RealmResources() {
    }

    static Set<String> of(RealmModel realm) {
        // Read only when a request carries resource; clients come from Keycloak's realm cache.
        return realm.getClientsStream()
                .map(client -> client.getAttribute(RESOURCE_URI))
                .flatMap(value -> ResourceIndicators.split(value).stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
