package dev.tokenbroker.upstream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.admin.FieldError;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicySettingsSource;

/**
 * The problems of an upstream being saved, one per independent check (the common settings, the
 * platform's, the policy's), each naming its field. A factory's {@code validateConfiguration} throws
 * the first, as Keycloak expects; the broker's admin REST reports them all.
 */
public final class SettingProblems {

    private final Collection<String> keys;
    private final List<FieldError> found = new ArrayList<>();

    public SettingProblems(Collection<String> keys) {
        this.keys = keys;
    }

    /** Runs a check; its refusal is recorded and {@code null} returned. */
    public <T> T check(Supplier<T> check) {
        try {
            return check.get();
        } catch (ComponentValidationException refused) {
            found.add(InvalidSetting.fieldError(refused, keys));
            return null;
        }
    }

    public void check(Runnable check) {
        check(() -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    /** The upstream's own policy settings ({@code policy.*}), checked as the policy gate parses them. */
    public void policy(String alias, UnaryOperator<String> config) {
        try {
            PolicyEngines.validate(PolicySettingsSource.component(alias, config));
        } catch (IllegalArgumentException invalid) {
            found.add(FieldError.fromMessage(invalid.getMessage(), keys, PolicySettingsSource.COMPONENT_PREFIX + "engine"));
        }
    }

    public List<FieldError> all() {
        return List.copyOf(found);
    }

    /**
     * What a component save path (component REST, realm import) is told: the first problem, as
     * Keycloak's own exception with the message it always had, so its handling and logs are unchanged.
     */
    public void throwFirst() {
        if (!found.isEmpty()) {
            throw new ComponentValidationException(found.get(0).message());
        }
    }
}
