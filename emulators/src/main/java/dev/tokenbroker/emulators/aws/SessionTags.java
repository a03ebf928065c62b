package dev.tokenbroker.emulators.aws;

import dev.tokenbroker.emulators.http.Refusal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The session tags a web identity token carries in {@value #CLAIM}:
 * {@code {"principal_tags": {"Dept": ["Eng"]}, "transitive_tag_keys": ["Dept"]}}.
 *
 * <p>Limits are IAM's: at most 50 tags, keys up to 128 and values up to 256 characters from IAM's tag
 * character set, keys unique ignoring case, no {@code aws:} prefix, each value an array of exactly one
 * string. A wrong shape is {@code InvalidIdentityToken}; a limit exceeded is {@code InvalidParameterValue}
 * (AWS does not document which code it uses for tags in a token; this is the emulator's choice).
 */
record SessionTags(Map<String, String> tags, List<String> transitiveKeys) {

    static final String CLAIM = "https://aws.amazon.com/tags";
    static final int MAX_TAGS = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    static final SessionTags NONE = new SessionTags(Map.of(), List.of());

    SessionTags {
        tags = Map.copyOf(tags);
        transitiveKeys = List.copyOf(transitiveKeys);
    }

    /** Parses the claim's untrusted JSON value, checking shape first, then IAM's limits. */
    static SessionTags parse(Object claim) throws Refusal {
        if (!(claim instanceof Map<?, ?> object)) {
            throw shape("the " + CLAIM + " claim must be a JSON object");
        }
        Object principalTags = object.get("principal_tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (principalTags != null) {
            if (!(principalTags instanceof Map<?, ?> tagMap)) {
                throw shape("principal_tags must be a JSON object");
            }
            for (Map.Entry<?, ?> entry : tagMap.entrySet()) {
                if (!(entry.getValue() instanceof List<?> values) || values.size() != 1
                        || !(values.get(0) instanceof String value)) {
                    throw shape("the value of principal tag '" + entry.getKey() + "' must be an array of one string");
                }
                tags.put(String.valueOf(entry.getKey()), value);
            }
        }
        List<String> transitive = List.of();
        Object transitiveClaim = object.get("transitive_tag_keys");
        if (transitiveClaim != null) {
            if (!(transitiveClaim instanceof List<?> keys) || !keys.stream().allMatch(String.class::isInstance)) {
                throw shape("transitive_tag_keys must be an array of strings");
            }
            transitive = keys.stream().map(String.class::cast).toList();
        }
        checkLimits(tags, transitive);
        return new SessionTags(tags, transitive);
    }

    private static void checkLimits(Map<String, String> tags, List<String> transitive) throws Refusal {
        if (tags.size() > MAX_TAGS) {
            throw limit("A token can carry at most " + MAX_TAGS + " session tags, found " + tags.size());
        }
        Set<String> lowerCaseKeys = new HashSet<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !TAG_CHARS.matcher(key).matches()) {
                throw limit("Session tag key '" + abbreviate(key) + "' must be 1-" + MAX_KEY_LENGTH
                        + " characters of [\\p{L}\\p{Z}\\p{N}_.:/=+-@]");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw limit("Session tag keys cannot start with aws:");
            }
            if (!lowerCaseKeys.add(key.toLowerCase(Locale.ROOT))) {
                throw limit("Duplicate session tag key '" + key + "' (keys are case-insensitive)");
            }
            String value = tag.getValue();
            if (value.length() > MAX_VALUE_LENGTH || !TAG_CHARS.matcher(value).matches()) {
                throw limit("Value of session tag '" + key + "' must be 0-" + MAX_VALUE_LENGTH
                        + " characters of [\\p{L}\\p{Z}\\p{N}_.:/=+-@]");
            }
        }
        for (String key : transitive) {
            if (!tags.containsKey(key)) {
                throw limit("Transitive tag key '" + key + "' is not one of the principal tags");
            }
        }
    }

    /** Characters counted towards the packed policy size. */
    int packedLength() {
        return tags.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    private static Refusal shape(String message) {
        return StsError.INVALID_IDENTITY_TOKEN.refusal("Invalid session tags: " + message);
    }

    private static Refusal limit(String message) {
        return StsError.INVALID_PARAMETER_VALUE.refusal(message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
