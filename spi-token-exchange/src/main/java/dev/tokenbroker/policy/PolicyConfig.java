package dev.tokenbroker.policy;

/**
 * A target's policy settings as stored, unparsed: the cache key under which {@link PolicyEngines}
 * keeps the parsed engine, so an exchange costs a few attribute reads, not a parse. Every key is
 * read only when the target names an engine.
 */
public record PolicyConfig(String engine, String userAttributes,
                           String opaUrl, String opaPath, String opaToken, String opaConnectTimeout, String opaReadTimeout,
                           String agents, String tools, String roles, String groups, String maxLifetime, String scopes,
                           String timeWindows, String timeZone) {

    public static final String ENGINE = "engine";
    public static final String USER_ATTRIBUTES = "user-attributes";
    public static final String OPA_URL = "opa.url";
    public static final String OPA_PATH = "opa.path";
    public static final String OPA_TOKEN = "opa.token";
    public static final String OPA_CONNECT_TIMEOUT = "opa.timeout.connect.ms";
    public static final String OPA_READ_TIMEOUT = "opa.timeout.read.ms";
    public static final String AGENTS = "agents";
    public static final String TOOLS = "tools";
    public static final String ROLES = "roles";
    public static final String GROUPS = "groups";
    public static final String MAX_LIFETIME = "max-lifetime";
    public static final String SCOPES = "scopes";
    public static final String TIME_WINDOWS = "time-windows";
    public static final String TIME_ZONE = "time-zone";

    /** An explicit {@code none}: its other settings are never read (the hot path of a realm without policies). */
    static final PolicyConfig NONE = new PolicyConfig(NoPolicy.NAME, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /** The settings stored at {@code source}, or {@code null} when it names no engine (its realm's default applies). */
    public static PolicyConfig read(PolicySettingsSource source) {
        String engine = source.get(ENGINE);
        if (engine == null) {
            return null;
        }
        if (engine.equalsIgnoreCase(NoPolicy.NAME)) {
            return NONE;
        }
        return new PolicyConfig(engine, source.get(USER_ATTRIBUTES),
                source.get(OPA_URL), source.get(OPA_PATH), source.get(OPA_TOKEN), source.get(OPA_CONNECT_TIMEOUT),
                source.get(OPA_READ_TIMEOUT),
                source.get(AGENTS), source.get(TOOLS), source.get(ROLES), source.get(GROUPS), source.get(MAX_LIFETIME),
                source.get(SCOPES), source.get(TIME_WINDOWS), source.get(TIME_ZONE));
    }
}
