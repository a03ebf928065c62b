package dev.tokenbroker.keycloak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

import dev.tokenbroker.delegation.DelegationSettings;

/**
 * The delegation executor's settings as the admin console saves them. Keycloak calls
 * {@link #validateConfig()} when a client profile is saved, so a setting that would make every
 * exchange of the clients fail (e.g. a chain depth of 40) is refused at save, not at request time.
 */
public class DelegationExecutorConfiguration extends ClientPolicyExecutorConfigurationRepresentation {

    @Override
    public boolean validateConfig() {
        try {
            settings();
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /** The settings these values make, as a policy applying to a client; throws naming an invalid one. */
    DelegationSettings settings() {
        Map<String, String> values = values();
        return DelegationSettings.read(name -> null, name -> null, values::get);
    }

    /** One value per setting: the admin console stores multivalued fields as lists. */
    Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        getConfigAsMap().forEach((name, value) -> {
            Object single = value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
            if (single != null) {
                values.put(name, String.valueOf(single));
            }
        });
        return Map.copyOf(values);
    }
}
