package dev.tokenbroker.upstream;

import java.util.Collection;

import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.admin.FieldError;

/**
 * An upstream setting refused, naming its key, so the broker's admin REST can put the message under
 * the field. Save paths of Keycloak (component REST, realm import) get its own exception with the
 * same message ({@link SettingProblems#throwFirst}).
 */
public final class InvalidSetting extends ComponentValidationException {

    /** The component's name, which is the upstream's alias. */
    public static final String ALIAS = "alias";

    private final String field;

    public InvalidSetting(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Any refusal of a save as a field error: its own field, else the key its message starts with. */
    public static FieldError fieldError(ComponentValidationException refusal, Collection<String> keys) {
        if (refusal instanceof InvalidSetting named) {
            return new FieldError(named.field, named.getMessage());
        }
        return FieldError.fromMessage(refusal.getMessage(), keys, "config");
    }
}
