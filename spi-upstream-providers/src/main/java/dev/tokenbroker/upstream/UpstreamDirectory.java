package dev.tokenbroker.upstream;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/** The realm's configured upstreams and which one a request's targets select. */
public final class UpstreamDirectory {

    private UpstreamDirectory() {
    }

    public static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UpstreamProvider.class.getName());
    }

    /** The upstream named by any of the targets (alias or resource URI), if one is. */
    public static Optional<ComponentModel> selectedBy(RealmModel realm, List<String> targets) {
        return all(realm).filter(upstream -> targets.stream().anyMatch(target -> selects(upstream, target))).findFirst();
    }

    static boolean selects(ComponentModel upstream, String target) {
        return target.equals(upstream.getName()) || target.equals(upstream.get(UpstreamSettings.RESOURCE));
    }
}
