package dev.tokenbroker.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;

import dev.tokenbroker.delegation.Actor;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.policy.PolicyInput;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * Turns what the pipeline established into the policy input, reading the user's roles, groups and
 * the asked-for attributes only now, when an engine will decide (a realm without policies never pays
 * for them).
 */
final class PolicyInputs {

    private PolicyInputs() {
    }

    /**
     * @param correlationId  the exchange's id (its record's)
     * @param route          the resolved target
     * @param current        the current actor, as the record names it (its {@code type} goes into the input)
     * @param details        the request's authorization details (the tool)
     * @param userAttributes the user attributes the chosen policy settings ask for
     */
    static PolicyInput of(String correlationId, Instant now, String realm, String clientAddress, DelegationGrant grant,
                          ActorIdentity current, ExchangeRoute route, AuthorizationDetails details, Set<String> userAttributes) {
        List<PolicyInput.ActorEntry> actors = new ArrayList<>();
        for (Actor actor : grant.actorChain().actors()) {
            actors.add(new PolicyInput.ActorEntry(actor.subject(), actors.isEmpty() ? current.type() : null));
        }
        PolicyInput.Target target = LocalDelegationRoute.TARGET_TYPE.equals(route.targetType())
                ? PolicyInput.Target.audiences(grant.targets())
                : PolicyInput.Target.upstream(route.target(), route.targetType());
        return new PolicyInput(correlationId, now, realm, route.flow(), grant.client().getClientId(), clientAddress,
                user(grant.user(), userAttributes), actors, details, target, grant.allowedScopes(),
                Math.max(0, grant.expiresAt() - now.getEpochSecond()));
    }

    private static PolicyInput.User user(UserModel user, Set<String> attributeNames) {
        Set<String> realmRoles = new TreeSet<>();
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            if (!role.isClientRole()) {
                realmRoles.add(role.getName());
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        user.getGroupsStream().forEach(group -> groups.add(KeycloakModelUtils.buildGroupPath(group)));
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (String name : attributeNames) {
            List<String> values = user.getAttributeStream(name).toList();
            if (!values.isEmpty()) {
                attributes.put(name, values);
            }
        }
        return new PolicyInput.User(user.getId(), user.getUsername(), realmRoles, groups, attributes);
    }
}
