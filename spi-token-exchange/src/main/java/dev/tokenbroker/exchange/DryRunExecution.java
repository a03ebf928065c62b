package dev.tokenbroker.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

import dev.tokenbroker.audit.AuditEntry;
import dev.tokenbroker.audit.AuditTrail;

/**
 * A dry run performed for real, at an admin's request: the exchange runs through the broker's own
 * provider and pipeline (every check, the policy, the platform call, the record) exactly as on the
 * token endpoint, with two differences an admin's permission stands in for. The requesting client is
 * not authenticated by its credentials, and the subject token is one the agent would have received at
 * the user's sign-in, issued here in a short-lived user session (no password is needed or known)
 * that is ended afterwards. The record is marked {@value #DETAIL} and names the admin
 * ({@value #ADMIN_DETAIL}); the answer shows every token value only as its type, length and a hash prefix.
 */
public final class DryRunExecution {

    public static final String DETAIL = "dry_run";
    public static final String ADMIN_DETAIL = "dry_run_admin";
    /** How the user session the subject token belongs to says it was made. */
    static final String AUTH_METHOD = "tokenbroker-dry-run";

    private static final Logger LOG = Logger.getLogger(DryRunExecution.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String realmIssuer;

    public DryRunExecution(KeycloakSession session, RealmModel realm, String realmIssuer) {
        this.session = session;
        this.realm = realm;
        this.realmIssuer = realmIssuer;
    }

    /**
     * @param status the token endpoint's status
     * @param answer the answer with token values redacted, {@code null} on a refusal
     * @param audit  the exchange's record as the audit page shows it
     */
    public record Outcome(int status, Map<String, Object> answer, String error, String errorDescription, AuditEntry audit) {
    }

    public Outcome perform(DryRun.Request request, String adminUsername) {
        KeycloakContext context = session.getContext();
        ClientModel contextClient = context.getClient();
        UserSessionModel contextSession = context.getUserSession();
        org.keycloak.Token contextBearer = context.getBearerToken();
        ClientConnection connection = context.getConnection();
        UserSessionModel userSession = null;
        EventBuilder event = new EventBuilder(realm, session, connection).event(EventType.TOKEN_EXCHANGE)
                .client(request.requestingClient()).detail(DETAIL, "execute").detail(ADMIN_DETAIL, adminUsername);
        try {
            // Issued as at the agent's own token request, where the agent is the context's client.
            context.setClient(request.agent());
            SubjectToken subject = subjectToken(request, connection);
            userSession = subject.session();
            TokenExchangeContext exchange = new TokenExchangeContext(session, form(request, subject.token()), Cors.builder(), realm, event,
                    request.requestingClient(), connection, context.getRequestHeaders(), new TokenManager(), Map.of());
            context.setClient(request.requestingClient());
            TokenExchangeProvider broker = session.getProvider(TokenExchangeProvider.class, TokenBrokerExchangeProviderFactory.PROVIDER_ID);
            if (broker == null || !broker.supports(exchange)) {
                return new Outcome(400, null, OAuthErrorException.INVALID_REQUEST,
                        "the requesting client does not delegate through the broker", null);
            }
            Response response = broker.exchange(exchange);
            return new Outcome(response.getStatus(), redacted(response.getEntity()), null, null, record(event));
        } catch (CorsErrorResponseException refused) {
            Object entity = refused.getResponse().getEntity();
            String error = entity instanceof OAuth2ErrorRepresentation oauth ? oauth.getError() : OAuthErrorException.SERVER_ERROR;
            return new Outcome(refused.getResponse().getStatus(), null, error, refused.getErrorDescription(), record(event));
        } catch (RuntimeException unexpected) {
            // What the token endpoint would have answered with 500; the admin sees which failure, the log has the rest.
            LOG.warnf(unexpected, "dry run exchange by %s failed", adminUsername);
            return new Outcome(500, null, OAuthErrorException.SERVER_ERROR, "internal error: " + unexpected.getClass().getSimpleName(),
                    record(event));
        } finally {
            context.setClient(contextClient);
            context.setUserSession(contextSession);
            context.setBearerToken(contextBearer);
            if (userSession != null) {
                session.sessions().removeUserSession(realm, userSession);
            }
        }
    }

    private record SubjectToken(String token, UserSessionModel session) {
    }

    /** The access token the agent gets when the user signs in through it, with the scope asked for (else its defaults). */
    private SubjectToken subjectToken(DryRun.Request request, ClientConnection connection) {
        ClientModel agent = request.agent();
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(agent);
        authSession.setAuthenticatedUser(request.user());
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, realmIssuer);
        String scope = request.scope() == null || request.scope().isBlank() ? OAuth2Constants.SCOPE_OPENID
                : OAuth2Constants.SCOPE_OPENID + " " + request.scope().trim();
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(root.getId(), realm, request.user(),
                request.user().getUsername(), connection.getRemoteAddr(), AUTH_METHOD, false, null, null,
                UserSessionModel.SessionPersistenceState.PERSISTENT);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSession = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        // An event nobody sends: the sign-in is the dry run's premise, not something that happened.
        EventBuilder unsent = new EventBuilder(realm, session, connection);
        TokenManager.AccessTokenResponseBuilder builder = new TokenManager().responseBuilder(realm, agent, unsent, session, userSession,
                clientSession).generateAccessToken();
        LOG.debugf("dry run subject token for %s via %s: aud %s, scope %s", request.user().getUsername(), agent.getClientId(),
                java.util.Arrays.toString(builder.getAccessToken().getAudience()), builder.getAccessToken().getScope());
        AccessTokenResponse issued = builder.build();
        return new SubjectToken(issued.getToken(), userSession);
    }

    private static MultivaluedMap<String, String> form(DryRun.Request request, String subjectToken) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE);
        form.putSingle(OAuth2Constants.SUBJECT_TOKEN, subjectToken);
        form.putSingle(OAuth2Constants.SUBJECT_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        if (request.target() != null && !request.target().isBlank()) {
            form.putSingle(OAuth2Constants.AUDIENCE, request.target().trim());
        }
        if (request.scope() != null && !request.scope().isBlank()) {
            form.putSingle(OAuth2Constants.SCOPE, request.scope().trim());
        }
        String details = DryRun.authorizationDetailsJson(request);
        if (details != null) {
            form.putSingle(dev.tokenbroker.tool.AuthorizationDetails.PARAMETER, details);
        }
        return form;
    }

    private static AuditEntry record(EventBuilder event) {
        Event recorded = event.getEvent();
        return recorded == null ? null : AuditTrail.entry(recorded);
    }

    /** The answer as JSON, every token value replaced by what it is: its type, length and a hash prefix to compare with logs. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> redacted(Object entity) {
        if (entity == null) {
            return null;
        }
        Map<String, Object> answer;
        try {
            answer = JsonSerialization.readValue(JsonSerialization.writeValueAsBytes(entity), Map.class);
        } catch (IOException unreadable) {
            return Map.of("body", "[not JSON]");
        }
        return (Map<String, Object>) redact(null, answer);
    }

    @SuppressWarnings("unchecked")
    private static Object redact(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, redact(k, v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(element -> redact(key, element)).toList();
        }
        if (value instanceof String text && (isSecretKey(key) || looksLikeJwt(text))) {
            return describe(text);
        }
        return value;
    }

    /** Token and credential members ({@code access_token}, AWS's {@code SecretAccessKey}...), not their types or lifetimes. */
    private static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("token_type") || k.endsWith("tokentype") || k.contains("expir") || k.equals("expires_in")) {
            return false;
        }
        return k.contains("token") || k.contains("secret") || k.contains("key") || k.contains("password") || k.contains("credential");
    }

    private static boolean looksLikeJwt(String text) {
        return text.startsWith("eyJ") && text.chars().filter(c -> c == '.').count() == 2;
    }

    private static String describe(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "[redacted " + (looksLikeJwt(value) ? "jwt" : "opaque") + ", " + value.length() + " chars, sha256:"
                    + HexFormat.of().formatHex(hash, 0, 4) + "]";
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
