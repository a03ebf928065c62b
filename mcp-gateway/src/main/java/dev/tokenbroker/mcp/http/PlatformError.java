package dev.tokenbroker.mcp.http;

/** The platform refused the issued credential or the request, or did not answer; status 0 for no answer. */
public final class PlatformError extends Exception {

    private final String platform;
    private final int status;

    public PlatformError(String platform, int status, String message) {
        super(message);
        this.platform = platform;
        this.status = status;
    }

    public String platform() {
        return platform;
    }

    public int status() {
        return status;
    }
}
