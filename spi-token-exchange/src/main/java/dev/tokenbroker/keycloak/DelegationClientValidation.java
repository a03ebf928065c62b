package dev.tokenbroker.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.validation.DefaultClientValidationProvider;
import org.keycloak.validation.ValidationContext;
import org.keycloak.validation.ValidationResult;

import dev.tokenbroker.delegation.DelegationSettings;

/**
 * Keycloak's client validation (run when a client is created or updated through admin REST, the
 * admin console or dynamic registration) plus the client's delegation settings, so a
 * {@code tokenbroker.delegation.*} attribute that would fail every exchange is refused at save.
 * Everything Keycloak checks is still checked: this extends its validator rather than replacing it.
 */
final class DelegationClientValidation extends DefaultClientValidationProvider {

    @Override
    public ValidationResult validate(ValidationContext<ClientModel> context) {
        ClientModel client = context.getObjectToValidate();
        try {
            // Realm defaults are checked where they are read; here only what the client itself sets.
            DelegationSettings.read(name -> null, client::getAttribute);
        } catch (IllegalArgumentException invalid) {
            context.addError("attributes", "Invalid delegation settings: " + invalid.getMessage());
        }
        return super.validate(context);
    }
}
