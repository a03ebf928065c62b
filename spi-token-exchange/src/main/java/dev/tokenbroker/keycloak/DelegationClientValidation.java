package dev.tokenbroker.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.validation.DefaultClientValidationProvider;
import org.keycloak.validation.ValidationContext;
import org.keycloak.validation.ValidationResult;

import dev.tokenbroker.delegation.DelegationSettings;
import dev.tokenbroker.policy.PolicyEngines;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.tool.AuthorizationDetailTypes;

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
        try {
            // Realm defaults are checked where they are read; here only what the client itself sets.
            DelegationSettings.read(name -> null, client::getAttribute);
        } catch (IllegalArgumentException invalid) {
            context.addError("attributes", "Invalid delegation settings: " + invalid.getMessage());
        }
        try {
            AuthorizationDetailTypes.parse(client.getAttribute(AuthorizationDetailTypes.ATTRIBUTE));
        } catch (IllegalArgumentException invalid) {
            context.addError("attributes", "Invalid authorization details types: " + invalid.getMessage());
        }
        try {
            PolicyEngines.validate(PolicySettingsSource.client(client.getClientId(), client::getAttribute));
        } catch (IllegalArgumentException invalid) {
            context.addError("attributes", "Invalid policy settings: " + invalid.getMessage());
        }
        return super.validate(context);
    }
}
