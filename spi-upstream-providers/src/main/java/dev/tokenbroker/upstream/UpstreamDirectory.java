package dev.tokenbroker.upstream;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
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

    /**
     * Refuses to save an upstream whose alias or resource another upstream (or a client of the realm)
     * already answers to: a target must select exactly one thing.
     */
    public static void requireAnswersAlone(RealmModel realm, ComponentModel model, String alias, String resource) {
        all(realm).filter(other -> !other.getId().equals(model.getId())).forEach(other -> {
            if (selects(other, alias) || (resource != null && selects(other, resource))) {
                throw new InvalidSetting(InvalidSetting.ALIAS, "upstream '" + other.getName() + "' already answers to this alias or resource");
            }
        });
        if (realm.getClientByClientId(alias) != null) {
            throw new InvalidSetting(InvalidSetting.ALIAS, "a client of this realm is already called '" + alias + "'");
        }
    }

    static boolean selects(ComponentModel upstream, String target) {
        return target.equals(upstream.getName()) || target.equals(upstream.get(UpstreamSettings.RESOURCE));
    }
}
