package dev.tokenbroker.policy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** How policy settings spell lists and numbers; each failure names the setting. */
public final class SettingValues {

    private SettingValues() {
    }

    /** Space- or comma-separated words; {@code null} is none. */
    public static Set<String> words(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Set.copyOf(new LinkedHashSet<>(Arrays.asList(value.trim().split("[\\s,]+"))));
    }

    /** A whole number between {@code min} and {@code max}, or {@code defaultValue} when unset. */
    public static int integer(String key, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max);
        }
        return parsed;
    }
}
