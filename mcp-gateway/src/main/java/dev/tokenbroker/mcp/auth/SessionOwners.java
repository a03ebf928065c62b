package dev.tokenbroker.mcp.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who opened each MCP session: the user and the agent of the token that initialised it. A session id
 * is not a credential (every request is authorised by its own token), but a token of someone else
 * must not be able to drive, read the stream of, or end a session it did not open (MCP security best
 * practices: bind session ids to the user). Bounded, oldest first out; a session no longer listed is
 * left to the SDK, which answers 404 for ids it does not know.
 */
final class SessionOwners {

    static final int MAX_SESSIONS = 10_000;

    private final Map<String, String> owners = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    static String ownerOf(VerifiedToken token) {
        return token.subject() + " " + token.agent();
    }

    synchronized void opened(String sessionId, VerifiedToken token) {
        owners.put(sessionId, ownerOf(token));
    }

    /** False when the session was opened by another user or agent. */
    synchronized boolean mayUse(String sessionId, VerifiedToken token) {
        String owner = owners.get(sessionId);
        return owner == null || owner.equals(ownerOf(token));
    }

    synchronized void closed(String sessionId) {
        owners.remove(sessionId);
    }
}
