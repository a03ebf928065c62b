package dev.tokenbroker.mcp.broker;

/**
 * Keycloak did not issue: its OAuth {@code error} and {@code error_description} as it answered (a
 * policy deny, the kill switch, an upstream that refused or is down), or {@code temporarily_unavailable}
 * with status 0 when Keycloak itself could not be reached.
 */
public final class ExchangeRefused extends Exception {

    private final int status;
    private final String error;

    public ExchangeRefused(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
