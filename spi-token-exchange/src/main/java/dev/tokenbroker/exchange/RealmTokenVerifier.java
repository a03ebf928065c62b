package dev.tokenbroker.exchange;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Verifies that a token is a live access token of this realm: signature by an active realm key
 * (the algorithm pinned by the key, so {@code none} and HS/RS confusion fail), issuer, expiry,
 * token type, revocation, realm/client/user not-before, enabled user and client, and a live session.
 * Keycloak's own check does all of that; this adds a reason on failure.
 */
final class RealmTokenVerifier implements ActorVerifier {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientConnection connection;
    private final HttpHeaders headers;
    private String realmIssuer;

    RealmTokenVerifier(KeycloakSession session, RealmModel realm, ClientConnection connection, HttpHeaders headers) {
        this.session = session;
        this.realm = realm;
        this.connection = connection;
        this.headers = headers;
    }

    /** This request's issuer of the realm: built once, or taken from a token Keycloak verified against it. */
    @Override
    public String realmIssuer() {
        if (realmIssuer == null) {
            realmIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        }
        return realmIssuer;
    }

    /** Verifies the subject token; Keycloak leaves its client and session in the request context. */
    AuthResult verifySubject(String token) {
        AuthResult subject = verify("subject_token", token);
        if (realmIssuer == null) {
            // Keycloak's check required iss to equal this request's realm issuer (building it costs a
            // JAX-RS UriBuilder walk per exchange).
            realmIssuer = subject.token().getIssuer();
        }
        return subject;
    }

    /**
     * Verifies the actor token without disturbing the request context: Keycloak's check records the
     * verified token's client and session there, and the exchange must keep the subject's.
     * An agent or service acts as its client_id; a human actor as her {@code sub}.
     */
    @Override
    public ActorIdentity verify(String actorToken) {
        KeycloakContext context = session.getContext();
        ClientModel client = context.getClient();
        UserSessionModel userSession = context.getUserSession();
        org.keycloak.Token bearer = context.getBearerToken();
        AuthResult actor;
        try {
            actor = verify("actor_token", actorToken);
        } finally {
            context.setClient(client);
            context.setUserSession(userSession);
            context.setBearerToken(bearer);
        }
        String serviceAccountOf = actor.user().getServiceAccountClientLink();
        if (serviceAccountOf == null) {
            return ActorIdentity.user(actor.token().getSubject());
        }
        ClientModel actorClient = realm.getClientById(serviceAccountOf);
        if (actorClient == null) {
            throw ExchangeRefusal.invalidRequest("actor_token belongs to a client that no longer exists");
        }
        return ActorIdentity.client(actorClient.getClientId(), actorClient.getId());
    }

    private AuthResult verify(String parameter, String token) {
        AuthResult result;
        try {
            result = AuthenticationManager.verifyIdentityToken(session, realm, session.getContext().getUri(), connection,
                    true, true, null, false, token, headers, verifier -> { });
        } catch (RuntimeException e) {
            // A token crafted to break parsing must still get an OAuth error, never a 500.
            result = null;
        }
        if (result == null) {
            throw ExchangeRefusal.invalidRequest(TokenDiagnosis.explain(parameter, token, realmIssuer(), Time.currentTime()));
        }
        return result;
    }
}
