package dev.tokenbroker.upstream.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;

/**
 * The upstream types installed, each with its form: derived from the factories' configuration
 * properties (the same list Keycloak's component REST serves), so a setting added to a factory shows
 * in the console without a second description.
 */
final class UpstreamTypes {

    /** Labels for the types we ship; a type from elsewhere is shown by its id. */
    private static final Map<String, String> LABELS = Map.of(
            "databricks", "Databricks", "snowflake", "Snowflake", "aws-sts", "AWS STS", "gcp-sts", "GCP STS",
            "rfc8693", "RFC 8693 token exchange", "passthrough", "Session passthrough");

    record Field(String name, String label, String helpText, String kind, boolean required, Object defaultValue,
                 List<String> options, String placeholder) {
    }

    record Type(String type, String label, String helpText, List<Field> fields) {
    }

    private UpstreamTypes() {
    }

    static List<UpstreamProviderFactory> installed(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(UpstreamProvider.class)
                .filter(UpstreamProviderFactory.class::isInstance).map(UpstreamProviderFactory.class::cast)
                .sorted(Comparator.comparing(UpstreamProviderFactory::getId)).toList();
    }

    static UpstreamProviderFactory find(KeycloakSession session, String type) {
        return type == null ? null : installed(session).stream().filter(factory -> factory.getId().equals(type)).findFirst().orElse(null);
    }

    static List<Type> describe(KeycloakSession session) {
        return installed(session).stream().map(UpstreamTypes::describe).toList();
    }

    static Type describe(UpstreamProviderFactory factory) {
        List<Field> fields = factory.getConfigProperties().stream().map(UpstreamTypes::field).toList();
        return new Type(factory.getId(), LABELS.getOrDefault(factory.getId(), factory.getId()), factory.getHelpText(), fields);
    }

    private static Field field(ProviderConfigProperty property) {
        List<String> options = property.getOptions() == null ? null : property.getOptions().stream().filter(Objects::nonNull).toList();
        return new Field(property.getName(), property.getLabel(), property.getHelpText(), kind(property), property.isRequired(),
                property.getDefaultValue(), options, vaultHint(property));
    }

    private static String kind(ProviderConfigProperty property) {
        if (SecretSettings.isSecret(property)) {
            return "secret";
        }
        return switch (property.getType()) {
            case ProviderConfigProperty.BOOLEAN_TYPE -> "boolean";
            case ProviderConfigProperty.LIST_TYPE -> "list";
            case ProviderConfigProperty.INTEGER_TYPE -> "number";
            case ProviderConfigProperty.TEXT_TYPE, ProviderConfigProperty.MULTIVALUED_STRING_TYPE -> "text";
            default -> "string";
        };
    }

    /** Secrets are best kept in Keycloak's vault: the form suggests the reference. */
    private static String vaultHint(ProviderConfigProperty property) {
        return SecretSettings.isSecret(property) ? "${vault.<key>}" : null;
    }
}
