package dev.tokenbroker.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.validation.ClientValidationProvider;
import org.keycloak.validation.ClientValidationProviderFactory;

/**
 * Makes {@link DelegationClientValidation} Keycloak's client validator. Keycloak asks for one
 * validator and, with several installed and none configured, takes the one of highest order; ours
 * (order 1) is Keycloak's own ({@code default}, order 0) with the delegation check added. A server
 * that configures {@code --spi-client-validation--provider=default} keeps Keycloak's alone and the
 * settings are then checked at request time only (an exchange with invalid settings is refused).
 */
public class DelegationClientValidationFactory implements ClientValidationProviderFactory {

    public static final String PROVIDER_ID = "tokenbroker-delegation";

    private final DelegationClientValidation validation = new DelegationClientValidation();

    @Override
    public ClientValidationProvider create(KeycloakSession session) {
        return validation;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
