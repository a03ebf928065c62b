package dev.tokenbroker.exchange;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/** The one place a refusal becomes a {@code TOKEN_EXCHANGE_ERROR} event and an OAuth error response. */
final class RefusalResponder {

    private RefusalResponder() {
    }

    static CorsErrorResponseException respond(ExchangeRefusal refusal, EventBuilder event, Cors cors) {
        event.detail(Details.REASON, refusal.description());
        event.error(refusal.eventError());
        return new CorsErrorResponseException(cors, refusal.oauthError(), refusal.description(), refusal.status());
    }
}
