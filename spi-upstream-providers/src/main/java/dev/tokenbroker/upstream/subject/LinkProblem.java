package dev.tokenbroker.upstream.subject;

/** Why a user's stored token for an identity provider cannot be handed out; the route turns it into the caller's error. */
final class LinkProblem extends RuntimeException {

    enum Kind {
        /** The user never linked the provider (or unlinked it). */
        NOT_LINKED,
        /** Linked, but nothing usable is stored (linked before "store tokens" was on). */
        NO_STORED_TOKEN,
        /** The stored token expired and the provider gave no refresh token. */
        EXPIRED,
        /** The provider refused the refresh token (revoked); the link carries the mark. */
        REFRESH_REFUSED,
        /** Another request on this node held the link's refresh lock for too long. */
        BUSY
    }

    private final Kind kind;
    private final long at;

    LinkProblem(Kind kind, String detail, long at) {
        super(detail, null, false, false);
        this.kind = kind;
        this.at = at;
    }

    LinkProblem(Kind kind) {
        this(kind, "", 0);
    }

    Kind kind() {
        return kind;
    }

    /** When the provider refused (epoch seconds), for {@link Kind#REFRESH_REFUSED}. */
    long at() {
        return at;
    }
}
