package dev.tokenbroker.emulators.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code TYPE=EXTERNAL_OAUTH EXTERNAL_OAUTH_TYPE=CUSTOM} security integration and the account's users.
 *
 * @param issuer                {@code EXTERNAL_OAUTH_ISSUER}
 * @param audiences             {@code EXTERNAL_OAUTH_AUDIENCE_LIST} (the account URL)
 * @param userMappingClaim      {@code EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM} (default sub)
 * @param userMappingAttribute  {@code EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE}
 * @param anyRoleMode           {@code EXTERNAL_OAUTH_ANY_ROLE_MODE}
 * @param allowedRoles          {@code EXTERNAL_OAUTH_ALLOWED_ROLES_LIST}; empty = any not blocked
 * @param blockedRoles          {@code EXTERNAL_OAUTH_BLOCKED_ROLES_LIST}; Snowflake blocks ACCOUNTADMIN,
 *                              ORGADMIN and SECURITYADMIN by default
 * @param scopeMappingAttribute {@code EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE}: {@code scp} or {@code scope}
 * @param users                 the account's users
 */
public record SnowflakeConfig(String issuer, List<String> audiences, String userMappingClaim,
                              UserMappingAttribute userMappingAttribute, AnyRoleMode anyRoleMode,
                              List<String> allowedRoles, List<String> blockedRoles, String scopeMappingAttribute,
                              List<SnowflakeUser> users) {

    public static final List<String> DEFAULT_BLOCKED_ROLES = List.of("ACCOUNTADMIN", "ORGADMIN", "SECURITYADMIN");

    public SnowflakeConfig {
        Objects.requireNonNull(issuer, "issuer");
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        userMappingClaim = userMappingClaim == null || userMappingClaim.isBlank() ? "sub" : userMappingClaim;
        userMappingAttribute = userMappingAttribute == null ? UserMappingAttribute.LOGIN_NAME : userMappingAttribute;
        anyRoleMode = anyRoleMode == null ? AnyRoleMode.DISABLE : anyRoleMode;
        allowedRoles = allowedRoles == null ? List.of() : upper(allowedRoles);
        blockedRoles = blockedRoles == null ? DEFAULT_BLOCKED_ROLES : upper(blockedRoles);
        scopeMappingAttribute = scopeMappingAttribute == null || scopeMappingAttribute.isBlank() ? "scp"
                : scopeMappingAttribute;
        if (!scopeMappingAttribute.equals("scp") && !scopeMappingAttribute.equals("scope")) {
            throw new IllegalArgumentException("scopeMappingAttribute must be scp or scope");
        }
        users = users == null ? List.of() : List.copyOf(users);
    }

    Optional<SnowflakeUser> user(String mappedValue) {
        return users.stream().filter(u -> u.matches(userMappingAttribute, mappedValue)).findFirst();
    }

    boolean isUsable(String role) {
        String upper = role.toUpperCase(Locale.ROOT);
        return !blockedRoles.contains(upper) && (allowedRoles.isEmpty() || allowedRoles.contains(upper));
    }

    /** Adds or replaces (by login name) a user. */
    public SnowflakeConfig withUser(SnowflakeUser user) {
        List<SnowflakeUser> copy = new ArrayList<>(users);
        copy.removeIf(u -> u.loginName().equalsIgnoreCase(user.loginName()));
        copy.add(user);
        return new SnowflakeConfig(issuer, audiences, userMappingClaim, userMappingAttribute, anyRoleMode,
                allowedRoles, blockedRoles, scopeMappingAttribute, copy);
    }

    public SnowflakeConfig withAudiences(List<String> newAudiences) {
        return new SnowflakeConfig(issuer, newAudiences, userMappingClaim, userMappingAttribute, anyRoleMode,
                allowedRoles, blockedRoles, scopeMappingAttribute, users);
    }

    public SnowflakeConfig withAnyRoleMode(AnyRoleMode mode) {
        return new SnowflakeConfig(issuer, audiences, userMappingClaim, userMappingAttribute, mode,
                allowedRoles, blockedRoles, scopeMappingAttribute, users);
    }

    public SnowflakeConfig withBlockedRoles(List<String> roles) {
        return new SnowflakeConfig(issuer, audiences, userMappingClaim, userMappingAttribute, anyRoleMode,
                allowedRoles, roles, scopeMappingAttribute, users);
    }

    public SnowflakeConfig withUserMapping(String claim, UserMappingAttribute attribute) {
        return new SnowflakeConfig(issuer, audiences, claim, attribute, anyRoleMode,
                allowedRoles, blockedRoles, scopeMappingAttribute, users);
    }

    public SnowflakeConfig withScopeMappingAttribute(String attribute) {
        return new SnowflakeConfig(issuer, audiences, userMappingClaim, userMappingAttribute, anyRoleMode,
                allowedRoles, blockedRoles, attribute, users);
    }

    public SnowflakeConfig withIssuer(String newIssuer) {
        return new SnowflakeConfig(newIssuer, audiences, userMappingClaim, userMappingAttribute, anyRoleMode,
                allowedRoles, blockedRoles, scopeMappingAttribute, users);
    }

    private static List<String> upper(List<String> roles) {
        return roles.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
    }
}
