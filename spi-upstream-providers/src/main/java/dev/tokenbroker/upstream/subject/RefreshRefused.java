package dev.tokenbroker.upstream.subject;

/**
 * The identity provider answered a refresh with RFC 6749 §5.2 {@code invalid_grant}: the refresh token
 * is expired or revoked (the user signed out there, an admin revoked the grant). Retrying cannot help;
 * the user has to sign in through the provider again.
 */
public final class RefreshRefused extends RuntimeException {

    public RefreshRefused(String reason) {
        super(reason, null, false, false);
    }
}
