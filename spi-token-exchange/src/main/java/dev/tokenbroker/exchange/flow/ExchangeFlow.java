package dev.tokenbroker.exchange.flow;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * A way to issue the token of a validated delegation whose target is not a client of this realm:
 * a data platform reached by federated exchange, and later session passthrough or brokered exchange.
 *
 * <p>The pipeline has already authenticated the client, verified the subject (and actor) token,
 * built the actor chain and checked {@code may_act}; it asks the policy gate and writes the audit
 * record itself. A flow only resolves its targets and issues.
 */
public interface ExchangeFlow extends Provider {

    /**
     * The route for the request's {@code audience}/{@code resource} values, when this flow serves
     * any of them. Called only for targets that are not clients of the realm.
     */
    Optional<ExchangeRoute> route(RealmModel realm, List<String> targets);

    @Override
    default void close() {
    }
}
