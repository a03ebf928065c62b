package dev.tokenbroker.exchange;

import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.keycloak.DelegationPolicyExecutorFactory;

/**
 * Whether a realm's client profiles use the delegation executor. Keycloak evaluates client policies
 * only after a token exchange provider is chosen, so the provider must take every exchange of such a
 * realm to see whether a policy enabled delegation; realms without it pay nothing.
 *
 * <p>The realm cache hands out the same attribute string until the profiles change, so the answer
 * is remembered per realm against that string's identity.
 */
final class DelegationClientPolicies {

    private static final String EXECUTOR_REFERENCE = '"' + DelegationPolicyExecutorFactory.PROVIDER_ID + '"';

    private final ConcurrentHashMap<String, Answer> byRealm = new ConcurrentHashMap<>();

    private record Answer(String profiles, boolean usesExecutor) {
    }

    boolean mayApply(RealmModel realm) {
        String profiles = realm.getAttribute(Constants.CLIENT_PROFILES);
        if (profiles == null) {
            return false;
        }
        Answer answer = byRealm.get(realm.getId());
        if (answer == null || answer.profiles() != profiles) {
            answer = new Answer(profiles, profiles.contains(EXECUTOR_REFERENCE));
            byRealm.put(realm.getId(), answer);
        }
        return answer.usesExecutor();
    }
}
