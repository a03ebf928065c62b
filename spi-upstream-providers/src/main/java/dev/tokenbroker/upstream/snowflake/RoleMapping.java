package dev.tokenbroker.upstream.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Derives the Snowflake session role from the user's realm roles or an attribute, first rule that
 * matches. Snowflake's privileged roles are never produced, whatever the mapping says.
 */
final class RoleMapping {

    private static final List<String> NEVER = List.of("ACCOUNTADMIN", "ORGADMIN", "SECURITYADMIN");

    private final List<Rule> rules;

    private RoleMapping(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static RoleMapping parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("at least one rule is required");
        }
        List<Rule> rules = new ArrayList<>();
        for (String rule : value.trim().split("\\s+")) {
            if (rule.startsWith("role:") && rule.indexOf('=') > 5) {
                String realmRole = rule.substring(5, rule.indexOf('='));
                String snowflakeRole = rule.substring(rule.indexOf('=') + 1).toUpperCase(Locale.ROOT);
                requireAllowed(snowflakeRole);
                rules.add(new Rule(realmRole, null, snowflakeRole));
            } else if (rule.startsWith("attribute:") && rule.length() > 10) {
                rules.add(new Rule(null, rule.substring(10), null));
            } else {
                throw new IllegalArgumentException("'" + rule + "' is neither role:<realm role>=<ROLE> nor attribute:<name>");
            }
        }
        return new RoleMapping(rules);
    }

    /** The user's Snowflake role, or {@code null} if no rule gives one. */
    String roleFor(RealmModel realm, UserModel user) {
        for (Rule rule : rules) {
            if (rule.attribute() != null) {
                String role = user.getFirstAttribute(rule.attribute());
                if (role != null && !role.isBlank() && !NEVER.contains(role.toUpperCase(Locale.ROOT))) {
                    return role.toUpperCase(Locale.ROOT);
                }
            } else {
                RoleModel realmRole = realm.getRole(rule.realmRole());
                if (realmRole != null && user.hasRole(realmRole)) {
                    return rule.snowflakeRole();
                }
            }
        }
        return null;
    }

    private static void requireAllowed(String role) {
        if (!role.matches("[A-Z0-9_$]+")) {
            throw new IllegalArgumentException("'" + role + "' is not a Snowflake role name");
        }
        if (NEVER.contains(role)) {
            throw new IllegalArgumentException(role + " may not be granted through External OAuth");
        }
    }

    private record Rule(String realmRole, String attribute, String snowflakeRole) {
    }
}
