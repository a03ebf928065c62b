package dev.tokenbroker.admin;

/**
 * Secrets are write-only in the broker's admin REST: read back as Keycloak's component placeholder,
 * and the placeholder sent back keeps the stored value. A vault reference is a name, not a secret.
 */
public final class Masking {

    /** What Keycloak's own component REST shows for a secret ({@code ComponentRepresentation.SECRET_VALUE}). */
    public static final String MASK = "**********";

    private Masking() {
    }

    public static String masked(String value) {
        if (value == null || value.isEmpty() || isVaultReference(value)) {
            return value;
        }
        return MASK;
    }

    public static boolean isVaultReference(String value) {
        return value != null && value.startsWith("${vault.") && value.endsWith("}");
    }
}
