package dev.tokenbroker.exchange.flow;

import java.util.List;

import jakarta.ws.rs.core.Response;

import dev.tokenbroker.policy.PolicySettingsSource;

/**
 * One resolved target of an exchange and how it is issued: a client of this realm (delegation) or
 * one upstream. Resolved once per request; the pipeline names it in the policy input and the audit
 * record, then asks it to issue.
 */
public interface ExchangeRoute {

    /** The audience or upstream alias, as the audit record names it. */
    String target();

    /** {@code client} for a local audience, else the upstream's provider type ({@code databricks}, ...). */
    String targetType();

    /** The flow: {@code delegation} (a token of this realm) or {@code federated}, {@code passthrough}, ... */
    String flow();

    /**
     * Whether this route can issue the requested token type (RFC 8693 §2.1 {@code requested_token_type});
     * {@code null} means the caller did not ask for one.
     */
    boolean canIssue(String requestedTokenType);

    /**
     * The scopes the issued token will carry, from the request's {@code scope} (empty when none was
     * sent) and the subject token's; refuses with {@code invalid_scope} what this target does not grant.
     */
    dev.tokenbroker.delegation.Scopes scopes(dev.tokenbroker.delegation.Scopes requested,
                                             dev.tokenbroker.delegation.Scopes subjectTokenScopes);

    /**
     * Where the policy settings of this route's target(s) are stored (an audience client's attributes,
     * an upstream component's configuration), one per target; the pipeline asks the policy gate with
     * them, and the realm's settings decide where a target names no engine. Empty: the realm's decide.
     */
    default List<PolicySettingsSource> policySettings() {
        return List.of();
    }

    /**
     * The claims of the token this route would send the platform for {@code grant} (a minted
     * assertion's), computed without signing or sending anything, for the admin dry run; empty when
     * the route sends no token it mints (a passthrough returns the user's stored token).
     */
    default java.util.Map<String, Object> previewClaims(org.keycloak.models.KeycloakSession session, org.keycloak.models.RealmModel realm,
                                                       String realmIssuer, dev.tokenbroker.exchange.DelegationGrant grant) {
        return java.util.Map.of();
    }

    /**
     * Issues the RFC 8693 response (§2.2.1). Refuses by throwing
     * {@link dev.tokenbroker.exchange.ExchangeRefusal}; adds audit details through the request's record.
     */
    Response issue(FlowRequest request);
}
