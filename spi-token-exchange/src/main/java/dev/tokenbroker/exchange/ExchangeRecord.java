package dev.tokenbroker.exchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.audit.AuditLine;
import dev.tokenbroker.audit.ExchangeMetrics;
import dev.tokenbroker.audit.RecordFacts;
import dev.tokenbroker.delegation.ActorChain;
import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.tool.AuthorizationDetails;

/**
 * The one audit record of an exchange: Keycloak's {@code TOKEN_EXCHANGE} or {@code TOKEN_EXCHANGE_ERROR}
 * event, written by the pipeline and by nothing else, exactly once, allowed or refused, whatever the
 * route. Steps and routes add details; only the pipeline ends the record.
 *
 * <p>Detail names follow Keycloak where it has them ({@code audience}, {@code scope}, {@code token_id},
 * {@code reason}) and Keycloak 26.8's delegation vocabulary ({@code actor}, {@code actor_id},
 * {@code actor_type}), so SIEM rules written for either carry over. Never a token or secret.
 */
public final class ExchangeRecord {

    public static final String ACT = "act";
    public static final String ACTOR = "actor";
    public static final String ACTOR_ID = "actor_id";
    public static final String ACTOR_TYPE = "actor_type";
    public static final String REQUESTING_CLIENT = "requesting_client";
    public static final String FLOW = "flow";
    public static final String TARGET_TYPE = "target_type";
    public static final String POLICY_ENGINE = "policy_engine";
    public static final String POLICY_OUTCOME = "policy_outcome";
    public static final String POLICY_DECISION_ID = "policy_decision_id";
    public static final String POLICY_REASON = "policy_reason";
    /** The exchange's id: also the policy input's {@code correlation_id}, so OPA's decision log joins this record. */
    public static final String CORRELATION_ID = "correlation_id";
    /** The tool the exchange serves ({@code tool_invocation} {@code tool}). */
    public static final String TOOL = "tool";
    public static final String EXPIRES_IN = "expires_in";

    private final EventBuilder event;
    private final Cors cors;
    private final boolean crossOrigin;
    private final String correlationId = KeycloakModelUtils.generateId();
    private final long startedNanos = System.nanoTime();
    private long policyNanos = -1;
    private List<String> actorChain = List.of();

    /** @param headers the request's, whose {@code Origin} decides whether the answer needs CORS headers */
    ExchangeRecord(EventBuilder event, Cors cors, HttpHeaders headers) {
        this.event = event;
        this.cors = cors;
        this.crossOrigin = headers != null && headers.getHeaderString(Cors.ORIGIN_HEADER) != null;
        detail(CORRELATION_ID, correlationId);
    }

    public String correlationId() {
        return correlationId;
    }

    /** Adds a detail; {@code null} values are left out. */
    public ExchangeRecord detail(String name, String value) {
        if (value != null) {
            event.detail(name, value);
        }
        return this;
    }

    void requestingClient(String clientId) {
        detail(REQUESTING_CLIENT, clientId);
    }

    void subject(UserModel user, UserSessionModel session, String subjectTokenClient) {
        event.user(user);
        if (session != null) {
            event.session(session);
        }
        detail(Details.USERNAME, user.getUsername());
        detail(Details.SUBJECT_TOKEN_CLIENT_ID, subjectTokenClient);
    }

    void actors(ActorChain chain, ActorIdentity current) {
        actorChain = chain.subjects();
        detail(ACT, json(chain.toActClaim()));
        detail(ACTOR, current.actor().subject());
        detail(ACTOR_ID, current.id());
        detail(ACTOR_TYPE, current.type());
    }

    void route(ExchangeRoute route) {
        detail(Details.AUDIENCE, route.target());
        detail(FLOW, route.flow());
        detail(TARGET_TYPE, route.targetType());
    }

    /** The tool identity as checked (RFC 9396); the full {@code authorization_details} as JSON beside the tool's name. */
    void authorizationDetails(AuthorizationDetails details) {
        if (details.tool() != null) {
            detail(TOOL, details.tool().tool());
        }
        detail(AuthorizationDetails.PARAMETER, details.toJson());
    }

    void decision(PolicyDecision decision, long tookNanos) {
        policyNanos = tookNanos;
        detail(POLICY_ENGINE, decision.engine());
        detail(POLICY_OUTCOME, decision.outcome().recorded());
        detail(POLICY_REASON, decision.reason());
        detail(POLICY_DECISION_ID, decision.decisionId());
    }

    /** Takes what Keycloak's own issuance wrote (token id, session...) into this record. */
    void absorb(Event issuance) {
        Map<String, String> details = issuance.getDetails();
        if (details != null) {
            details.forEach(this::detail);
        }
        if (issuance.getSessionId() != null) {
            event.session(issuance.getSessionId());
        }
    }

    /**
     * Ends the record as a success. A cross-origin request's answer gets CORS headers unless Keycloak's
     * issuance added them already; without {@code Origin} Keycloak's CORS adds nothing, so the answer
     * is not rebuilt for it.
     */
    Response allowed(Response response) {
        finish(null);
        event.success();
        if (!crossOrigin || response.getHeaders().containsKey(Cors.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            return response;
        }
        return cors.add(Response.fromResponse(response));
    }

    CorsErrorResponseException refused(ExchangeRefusal refusal) {
        detail(Details.REASON, refusal.description());
        finish(refusal.oauthError());
        event.error(refusal.oauthError());
        return new CorsErrorResponseException(cors, refusal.oauthError(), refusal.description(), refusal.status());
    }

    /** A refusal raised inside Keycloak's issuance: recorded with the error it answers. */
    CorsErrorResponseException refused(CorsErrorResponseException keycloakRefusal) {
        Object entity = keycloakRefusal.getResponse().getEntity();
        String error = entity instanceof OAuth2ErrorRepresentation oauth ? oauth.getError() : OAuthErrorException.SERVER_ERROR;
        detail(Details.REASON, keycloakRefusal.getErrorDescription());
        finish(error);
        event.error(error);
        return keycloakRefusal;
    }

    /** A failure nobody planned for: recorded (so the trail has no gap), then left to Keycloak's error handling. */
    void failed(RuntimeException unexpected) {
        detail(Details.REASON, "internal error: " + unexpected.getClass().getSimpleName());
        finish(OAuthErrorException.SERVER_ERROR);
        event.error(OAuthErrorException.SERVER_ERROR);
    }

    /** The SIEM line and the metrics, from exactly what the event holds, written once as the record ends. */
    private void finish(String error) {
        Event facts = event.getEvent();
        Map<String, String> details = facts.getDetails() == null ? Map.of() : Map.copyOf(facts.getDetails());
        RecordFacts record = new RecordFacts(correlationId, System.currentTimeMillis(), facts.getRealmName(), facts.getUserId(),
                facts.getSessionId(), facts.getIpAddress(), error, (System.nanoTime() - startedNanos) / 1_000_000, actorChain, details);
        AuditLine.write(record);
        ExchangeMetrics.record(record, policyNanos);
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("act claim not serialisable", e);
        }
    }
}
