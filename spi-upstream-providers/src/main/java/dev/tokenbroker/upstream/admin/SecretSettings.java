package dev.tokenbroker.upstream.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;

import dev.tokenbroker.admin.Masking;
import dev.tokenbroker.upstream.spi.UpstreamProviderFactory;

/**
 * An upstream type's secret settings (its properties marked secret or password), write-only as
 * {@link Masking} says: read back masked, and the placeholder sent back keeps the stored value.
 */
final class SecretSettings {

    static final String MASK = Masking.MASK;

    private final Set<String> secretKeys;

    SecretSettings(UpstreamProviderFactory type) {
        this.secretKeys = type.getConfigProperties().stream().filter(SecretSettings::isSecret)
                .map(ProviderConfigProperty::getName).collect(Collectors.toUnmodifiableSet());
    }

    static boolean isSecret(ProviderConfigProperty property) {
        return property.isSecret() || ProviderConfigProperty.PASSWORD.equals(property.getType());
    }

    Map<String, List<String>> masked(Map<String, List<String>> config) {
        Map<String, List<String>> shown = new LinkedHashMap<>();
        config.forEach((key, values) -> shown.put(key, secretKeys.contains(key)
                ? values.stream().map(Masking::masked).toList()
                : List.copyOf(values)));
        return shown;
    }

    /** The submitted settings with every secret left as the placeholder replaced by what {@code stored} holds. */
    Map<String, List<String>> keepingStored(Map<String, List<String>> submitted, ComponentModel stored) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        submitted.forEach((key, values) -> {
            if (secretKeys.contains(key) && values != null && values.size() == 1 && MASK.equals(values.get(0))) {
                List<String> kept = stored == null ? null : stored.getConfig().get(key);
                merged.put(key, kept == null ? new ArrayList<>() : new ArrayList<>(kept));
            } else {
                merged.put(key, values == null ? new ArrayList<>() : new ArrayList<>(values));
            }
        });
        return merged;
    }
}
