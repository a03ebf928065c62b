package dev.tokenbroker.upstream.subject;

import java.util.function.Function;

import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Reads and writes a user's stored link to an identity provider, each in a transaction of its own that
 * is committed before it returns: a refresh must be visible to the next waiter on the node's lock, and
 * the mark of a refused refresh must stay even though the request that found it is refused.
 */
class StoredLinks {

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String userId;
    private final String idpAlias;

    StoredLinks(KeycloakSessionFactory factory, String realmId, String userId, String idpAlias) {
        this.factory = factory;
        this.realmId = realmId;
        this.userId = userId;
        this.idpAlias = idpAlias;
    }

    /** The stored token JSON; {@code null} for no link, empty for a link without a stored token. */
    String read() {
        return inTransaction(link -> link == null ? null : (link.getToken() == null ? "" : link.getToken()));
    }

    /** Replaces the stored token JSON, if the link still exists. */
    void write(String tokenJson) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = bind(session);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            FederatedIdentityModel link = user == null ? null : session.users().getFederatedIdentity(realm, user, idpAlias);
            if (link != null) {
                session.users().updateFederatedIdentity(realm, user, new FederatedIdentityModel(link.getIdentityProvider(), link.getUserId(), link.getUserName(), tokenJson));
            }
        });
    }

    /** A session of its own knows no realm until told; user storage needs one. */
    private RealmModel bind(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null) {
            session.getContext().setRealm(realm);
        }
        return realm;
    }

    private <T> T inTransaction(Function<FederatedIdentityModel, T> reader) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, (KeycloakSession session) -> {
            RealmModel realm = bind(session);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            return reader.apply(user == null ? null : session.users().getFederatedIdentity(realm, user, idpAlias));
        });
    }
}
