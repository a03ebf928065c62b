package dev.tokenbroker.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.validation.DefaultClientValidationProvider;
import org.keycloak.validation.ValidationContext;
import org.keycloak.validation.ValidationResult;

import dev.tokenbroker.admin.DelegationAttributes;
import dev.tokenbroker.admin.FieldError;

/**
 * Keycloak's client validation (run when a client is created or updated through admin REST, the
 * admin console or dynamic registration) plus the client's delegation settings, the
 * {@code authorization_details} types it may send and its policy settings as an audience, so a
 * {@code tokenbroker.*} attribute that would fail every exchange is refused at save.
 * Everything Keycloak checks is still checked: this extends its validator rather than replacing it.
 */
final class DelegationClientValidation extends DefaultClientValidationProvider {

    @Override
    public ValidationResult validate(ValidationContext<ClientModel> context) {
        ClientModel client = context.getObjectToValidate();
        for (FieldError problem : DelegationAttributes.problems(client.getClientId(), client::getAttribute)) {
            context.addError("attributes", "Invalid " + problem.field() + ": " + problem.message());
        }
        return super.validate(context);
    }
}
