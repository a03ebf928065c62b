package dev.tokenbroker.exchange.flow;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Issues the token of a validated delegation when its target is not a client of this realm: a
 * data platform reached by federated exchange, and later session passthrough or brokered exchange.
 *
 * <p>The exchange provider has already authenticated the client, verified the subject (and actor)
 * token, built the actor chain and checked {@code may_act}; a flow only narrows from there. It
 * refuses by throwing {@link dev.tokenbroker.exchange.ExchangeRefusal}, records its own event
 * details, and never calls {@code event.success()} or {@code event.error()}: the exchange provider
 * does, in one place.
 */
public interface ExchangeFlow extends Provider {

    /** Whether this flow serves the request's {@code audience}/{@code resource} values. */
    boolean serves(RealmModel realm, List<String> targets);

    /** Issues the RFC 8693 response (§2.2.1) for the request. */
    Response issue(FlowRequest request);

    @Override
    default void close() {
    }
}
