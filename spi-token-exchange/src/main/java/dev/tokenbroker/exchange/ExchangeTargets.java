package dev.tokenbroker.exchange;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;

/** The {@code audience} and {@code resource} values of a request, as sent (unchecked). */
final class ExchangeTargets {

    private ExchangeTargets() {
    }

    static List<String> of(MultivaluedMap<String, String> form) {
        List<String> audiences = form.get(OAuth2Constants.AUDIENCE);
        List<String> resources = form.get(OAuth2Constants.RESOURCE);
        if (resources == null || resources.isEmpty()) {
            return audiences == null ? List.of() : audiences;
        }
        List<String> targets = new ArrayList<>(audiences == null ? List.of() : audiences);
        targets.addAll(resources);
        return targets;
    }
}
