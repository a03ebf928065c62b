package dev.tokenbroker.upstream.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS session tags carried in the assertion's {@code https://aws.amazon.com/tags} claim, from the
 * user and the exchange. Limits are AWS's: at most 50 tags, keys up to 128 and values up to 256 characters.
 */
final class SessionTags {

    static final String CLAIM = "https://aws.amazon.com/tags";

    private final Map<String, String> sources;
    private final List<String> transitiveKeys;

    private SessionTags(Map<String, String> sources, List<String> transitiveKeys) {
        this.sources = sources;
        this.transitiveKeys = transitiveKeys;
    }

    static SessionTags parse(String tags, String transitive) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (tags != null && !tags.isBlank()) {
            for (String tag : tags.trim().split("\\s+")) {
                int eq = tag.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("session tag '" + tag + "' is not Key=source");
                }
                String key = tag.substring(0, eq);
                String source = tag.substring(eq + 1);
                if (key.length() > 128 || !key.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+")) {
                    throw new IllegalArgumentException("session tag key '" + key + "' is not a valid AWS tag key");
                }
                if (!source.matches("username|email|actor|client|attribute:.+")) {
                    throw new IllegalArgumentException("session tag source '" + source + "' must be username, email, actor, client or attribute:<name>");
                }
                sources.put(key, source);
            }
        }
        if (sources.size() > 50) {
            throw new IllegalArgumentException("AWS allows at most 50 session tags");
        }
        List<String> transitiveKeys = new ArrayList<>();
        if (transitive != null && !transitive.isBlank()) {
            for (String key : transitive.trim().split("\\s+")) {
                if (!sources.containsKey(key)) {
                    throw new IllegalArgumentException("transitive tag key '" + key + "' is not among the session tags");
                }
                transitiveKeys.add(key);
            }
        }
        return new SessionTags(sources, List.copyOf(transitiveKeys));
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The claim value; tags whose source is empty for this user are left out rather than sent blank. */
    Map<String, Object> claim(Map<String, String> facts, java.util.function.Function<String, String> attribute) {
        Map<String, Object> principalTags = new LinkedHashMap<>();
        sources.forEach((key, source) -> {
            String value = source.startsWith("attribute:") ? attribute.apply(source.substring(10)) : facts.get(source);
            if (value != null && !value.isBlank()) {
                principalTags.put(key, List.of(value.length() > 256 ? value.substring(0, 256) : value));
            }
        });
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("principal_tags", principalTags);
        List<String> transitive = transitiveKeys.stream().filter(principalTags::containsKey).toList();
        if (!transitive.isEmpty()) {
            claim.put("transitive_tag_keys", transitive);
        }
        return claim;
    }
}
