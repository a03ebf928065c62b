package dev.tokenbroker.upstream.snowflake;

import static dev.tokenbroker.upstream.support.Fakes.realmWithRoles;
import static dev.tokenbroker.upstream.support.Fakes.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** The Snowflake session role from realm roles or an attribute; privileged roles never; one test per branch. */
class RoleMappingTest {

    private final RealmModel realm = realmWithRoles("analyst", "engineer");

    @Test
    void whenMappingBlankThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse(null)).hasMessage("at least one rule is required");
        assertThatThrownBy(() -> RoleMapping.parse("  ")).hasMessage("at least one rule is required");
    }

    @Test
    void whenRuleIsNeitherFormThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse("analyst=ANALYST"))
                .hasMessage("'analyst=ANALYST' is neither role:<realm role>=<ROLE> nor attribute:<name>");
    }

    @Test
    void whenRoleRuleHasNoRealmRoleThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse("role:=ANALYST")).hasMessage("'role:=ANALYST' is neither role:<realm role>=<ROLE> nor attribute:<name>");
    }

    @Test
    void whenAttributeRuleHasNoNameThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse("attribute:")).hasMessage("'attribute:' is neither role:<realm role>=<ROLE> nor attribute:<name>");
    }

    @Test
    void whenSnowflakeRoleNameInvalidThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse("role:analyst=ANA LYST;")).hasMessageContaining("neither");
        assertThatThrownBy(() -> RoleMapping.parse("role:analyst=ANA-LYST")).hasMessage("'ANA-LYST' is not a Snowflake role name");
    }

    @Test
    void whenMappedToAPrivilegedRoleThenRefused() {
        assertThatThrownBy(() -> RoleMapping.parse("role:analyst=accountadmin"))
                .hasMessage("ACCOUNTADMIN may not be granted through External OAuth");
        assertThatThrownBy(() -> RoleMapping.parse("role:analyst=SECURITYADMIN")).hasMessageContaining("SECURITYADMIN");
        assertThatThrownBy(() -> RoleMapping.parse("role:analyst=ORGADMIN")).hasMessageContaining("ORGADMIN");
    }

    @Test
    void whenUserHasTheRealmRoleThenTheMappedRoleUpperCased() {
        RoleMapping mapping = RoleMapping.parse("role:analyst=analyst_ro");

        assertThat(mapping.roleFor(realm, user(Map.of(), "analyst"))).isEqualTo("ANALYST_RO");
    }

    @Test
    void whenSeveralRulesMatchThenTheFirstWins() {
        RoleMapping mapping = RoleMapping.parse("role:engineer=ENGINEER role:analyst=ANALYST");

        assertThat(mapping.roleFor(realm, user(Map.of(), "analyst", "engineer"))).isEqualTo("ENGINEER");
    }

    @Test
    void whenRealmRoleDoesNotExistThenTheRuleIsSkipped() {
        RoleMapping mapping = RoleMapping.parse("role:auditor=AUDITOR role:analyst=ANALYST");

        assertThat(mapping.roleFor(realm, user(Map.of(), "analyst"))).isEqualTo("ANALYST");
    }

    @Test
    void whenAttributeHoldsARoleThenItUpperCased() {
        RoleMapping mapping = RoleMapping.parse("attribute:snowflake_role");

        assertThat(mapping.roleFor(realm, user(Map.of("snowflake_role", "reporting")))).isEqualTo("REPORTING");
    }

    @Test
    void whenAttributeHoldsAPrivilegedRoleThenItIsSkipped() {
        RoleMapping mapping = RoleMapping.parse("attribute:snowflake_role role:analyst=ANALYST");

        assertThat(mapping.roleFor(realm, user(Map.of("snowflake_role", "accountadmin"), "analyst"))).isEqualTo("ANALYST");
    }

    @Test
    void whenAttributeBlankThenItIsSkipped() {
        RoleMapping mapping = RoleMapping.parse("attribute:snowflake_role");

        assertThat(mapping.roleFor(realm, user(Map.of("snowflake_role", " ")))).isNull();
    }

    @Test
    void whenNoRuleMatchesThenNoRole() {
        RoleMapping mapping = RoleMapping.parse("role:analyst=ANALYST");

        assertThat(mapping.roleFor(realm, user(Map.of(), "engineer"))).isNull();
    }
}
