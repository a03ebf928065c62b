package dev.tokenbroker.upstream;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.outbound.OutboundUrlPolicy;
import dev.tokenbroker.upstream.subject.SubjectTokenSource;

/**
 * Settings every upstream has, read and validated from its realm component. The component's name is
 * the upstream's alias: what callers send as {@code audience}.
 *
 * @param alias             component name; {@code audience=<alias>} selects this upstream
 * @param resource          RFC 8707 resource URI that also selects it, or {@code null}
 * @param assertionAudience {@code aud} of the minted assertion: what the platform's trust config expects
 *                          ({@code null} for a stored-token subject, whose audience the identity provider set)
 * @param assertionLifetime seconds between the assertion's {@code iat} and {@code exp}
 * @param algorithm         RS256 or ES256; the realm must hold an active key for it
 * @param subjectSource     how the assertion's {@code sub} is derived from the user
 * @param subjectAttribute  user attribute holding the platform user name, for {@link SubjectSource#ATTRIBUTE}
 * @param defaultScope      platform scope used when the request sends none
 * @param allowedScopes     platform scopes a request may ask for
 * @param tokenEndpoint     the platform's token service, {@code null} where there is none (Snowflake)
 * @param connectTimeoutMs  outbound connect timeout
 * @param readTimeoutMs     outbound read (socket) timeout
 * @param maxExpiresIn      cap on {@code expires_in} of what is returned
 * @param cacheEnabled      whether platform tokens are reused until shortly before expiry
 * @param subjectToken      what is sent as the user's proof: the minted JWT or a stored identity provider token
 */
public record UpstreamSettings(
        String alias,
        String resource,
        String assertionAudience,
        int assertionLifetime,
        String algorithm,
        SubjectSource subjectSource,
        String subjectAttribute,
        String defaultScope,
        Set<String> allowedScopes,
        URI tokenEndpoint,
        int connectTimeoutMs,
        int readTimeoutMs,
        int maxExpiresIn,
        boolean cacheEnabled,
        SubjectTokenSource subjectToken) {

    public static final String RESOURCE = "resource";
    public static final String ASSERTION_AUDIENCE = "assertion.audience";
    public static final String ASSERTION_LIFETIME = "assertion.lifetime";
    public static final String ASSERTION_ALGORITHM = "assertion.algorithm";
    public static final String SUBJECT_SOURCE = "subject.source";
    public static final String SUBJECT_ATTRIBUTE = "subject.attribute";
    public static final String SCOPE_DEFAULT = "scope.default";
    public static final String SCOPE_ALLOWED = "scope.allowed";
    public static final String TOKEN_ENDPOINT = "token.endpoint";
    public static final String CONNECT_TIMEOUT = "timeout.connect.ms";
    public static final String READ_TIMEOUT = "timeout.read.ms";
    public static final String MAX_EXPIRES_IN = "expires-in.max";
    public static final String CACHE_ENABLED = "cache.enabled";

    /** Assertions are proofs for one exchange, not sessions: minutes, never hours. */
    public static final int DEFAULT_ASSERTION_LIFETIME = 300;
    public static final int MAX_ASSERTION_LIFETIME = 3600;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    /** A slow platform must fail the exchange, not hold the caller's connection. */
    public static final int MAX_TIMEOUT_MS = 30000;
    public static final int DEFAULT_MAX_EXPIRES_IN = 3600;

    public enum SubjectSource {
        USERNAME, EMAIL, ATTRIBUTE;

        static SubjectSource parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(SUBJECT_SOURCE, SUBJECT_SOURCE + " must be username, email or attribute");
            }
        }
    }

    /**
     * Validates the settings as an upstream is saved (created, updated or imported): {@link #from} and
     * where the token endpoint's host resolves now.
     *
     * @throws ComponentValidationException naming the first invalid setting
     */
    public static UpstreamSettings forSave(ComponentModel model, boolean needsTokenEndpoint) {
        UpstreamSettings settings = from(model, needsTokenEndpoint);
        if (settings.tokenEndpoint() != null) {
            outboundUrlOnSave(TOKEN_ENDPOINT, settings.tokenEndpoint().toString());
        }
        return settings;
    }

    /**
     * Reads and validates the settings, asking no name service (each exchange parses them; where hosts
     * resolve is judged on save and when each call connects).
     *
     * @param needsTokenEndpoint whether the platform is called at all (Snowflake is not)
     * @throws ComponentValidationException naming the first invalid setting
     */
    public static UpstreamSettings from(ComponentModel model, boolean needsTokenEndpoint) {
        String alias = model.getName();
        if (alias == null || !alias.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidSetting(InvalidSetting.ALIAS, "name (the upstream alias) must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String resource = blankToNull(model.get(RESOURCE));
        if (resource != null) {
            URI uri = parseUri(RESOURCE, resource);
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                throw new InvalidSetting(RESOURCE, RESOURCE + " must be an absolute URI without a fragment");
            }
        }
        SubjectTokenSource subjectToken = SubjectTokenSource.parse(model.get(SubjectTokenSource.SOURCE), model.get(SubjectTokenSource.TYPE));
        String audience = blankToNull(model.get(ASSERTION_AUDIENCE));
        if (audience == null && subjectToken.isMinted()) {
            throw new InvalidSetting(ASSERTION_AUDIENCE, ASSERTION_AUDIENCE + " is required: the audience the platform's trust configuration expects");
        }
        String algorithm = model.get(ASSERTION_ALGORITHM, "RS256");
        if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
            throw new InvalidSetting(ASSERTION_ALGORITHM, ASSERTION_ALGORITHM + " must be RS256 or ES256");
        }
        SubjectSource subjectSource = SubjectSource.parse(model.get(SUBJECT_SOURCE, "email"));
        String subjectAttribute = blankToNull(model.get(SUBJECT_ATTRIBUTE));
        if (subjectSource == SubjectSource.ATTRIBUTE && subjectAttribute == null) {
            throw new InvalidSetting(SUBJECT_ATTRIBUTE, SUBJECT_ATTRIBUTE + " is required when " + SUBJECT_SOURCE + " is attribute");
        }
        Set<String> allowed = scopeTokens(SCOPE_ALLOWED, model.get(SCOPE_ALLOWED));
        String defaultScope = blankToNull(model.get(SCOPE_DEFAULT));
        scopeTokens(SCOPE_DEFAULT, defaultScope);
        if (defaultScope != null) {
            allowed.addAll(words(defaultScope));
        }
        URI endpoint = null;
        String endpointValue = blankToNull(model.get(TOKEN_ENDPOINT));
        if (needsTokenEndpoint && endpointValue == null) {
            throw new InvalidSetting(TOKEN_ENDPOINT, TOKEN_ENDPOINT + " is required");
        }
        if (endpointValue != null) {
            endpoint = outboundUrl(TOKEN_ENDPOINT, endpointValue);
        }
        return new UpstreamSettings(alias, resource, audience,
                intSetting(model, ASSERTION_LIFETIME, DEFAULT_ASSERTION_LIFETIME, 10, MAX_ASSERTION_LIFETIME),
                algorithm, subjectSource, subjectAttribute, defaultScope, Set.copyOf(allowed), endpoint,
                intSetting(model, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
                intSetting(model, READ_TIMEOUT, DEFAULT_READ_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
                intSetting(model, MAX_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN, 30, 43200),
                Boolean.parseBoolean(model.get(CACHE_ENABLED, "true")),
                subjectToken);
    }

    /** Whether a request's {@code audience}/{@code resource} value names this upstream. */
    public boolean isSelectedBy(String target) {
        return alias.equals(target) || target.equals(resource);
    }

    public static int intSetting(ComponentModel model, String key, int defaultValue, int min, int max) {
        String value = blankToNull(model.get(key));
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidSetting(key, key + " must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, key + " must be a whole number");
        }
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A URL the platform is called at, as far as its text tells ({@link OutboundUrlPolicy#problemWith}). */
    private static URI outboundUrl(String key, String value) {
        URI uri = parseUri(key, value);
        refuse(key, OutboundUrlPolicy.SYSTEM.problemWith(uri));
        return uri;
    }

    /** A URL the platform is called at, being saved: its text and where its host resolves now ({@link OutboundUrlPolicy#problemOnSave}). */
    public static URI outboundUrlOnSave(String key, String value) {
        URI uri = parseUri(key, value);
        refuse(key, OutboundUrlPolicy.SYSTEM.problemOnSave(uri));
        return uri;
    }

    private static void refuse(String key, String problem) {
        if (problem != null) {
            throw new InvalidSetting(key, key + " " + problem);
        }
    }

    public static URI parseUri(String key, String value) {
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidSetting(key, key + " is not a valid URI");
        }
    }

    /**
     * The scope values of a setting, each an RFC 6749 §3.3 scope-token (printable ASCII but {@code "}
     * and {@code \\}), since the platform receives them verbatim in its {@code scope} parameter.
     */
    private static Set<String> scopeTokens(String key, String value) {
        Set<String> tokens = words(value);
        for (String token : tokens) {
            try {
                Scopes.parseRequest(token);
            } catch (IllegalArgumentException invalid) {
                throw new InvalidSetting(key, key + ": '" + token + "' is not a valid scope (RFC 6749 scope-token: printable ASCII "
                        + "except \" and \\, separated by spaces)");
            }
        }
        return tokens;
    }

    private static Set<String> words(String value) {
        Set<String> words = new LinkedHashSet<>();
        if (value != null && !value.isBlank()) {
            words.addAll(Arrays.asList(value.trim().split("[\\s,]+")));
        }
        return words;
    }
}
