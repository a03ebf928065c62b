package dev.tokenbroker.admin;

import java.util.Collection;

/**
 * One invalid setting as admin REST reports it: the setting's key (or {@code alias}, {@code type})
 * and what is wrong with it, so a form can put the message under the field.
 */
public record FieldError(String field, String message) {

    /**
     * The error a validation message describes. Every check of the broker names the setting it refuses
     * first ({@code opa.url must be ...}, {@code tokenbroker.delegation.max-lifetime must be ...}), so the
     * longest of {@code keys} the message starts with is the field; a message naming none is {@code fallback}'s.
     */
    public static FieldError fromMessage(String message, Collection<String> keys, String fallback) {
        String text = message == null ? "invalid" : message;
        String field = null;
        for (String key : keys) {
            if (startsWithKey(text, key) && (field == null || key.length() > field.length())) {
                field = key;
            }
        }
        return new FieldError(field == null ? fallback : field, text);
    }

    private static boolean startsWithKey(String text, String key) {
        if (!text.startsWith(key)) {
            return false;
        }
        if (text.length() == key.length()) {
            return true;
        }
        char next = text.charAt(key.length());
        return next == ' ' || next == ':' || next == ',';
    }
}
