package dev.tokenbroker.upstream.http;

/** A platform's answer: status, body (bounded), content type. */
public record UpstreamResponse(int status, String body, String contentType) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    /** A short, single-line excerpt of a non-JSON body for error messages; never the whole thing. */
    public String excerpt() {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
