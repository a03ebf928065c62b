package dev.tokenbroker.emulators.gcp;

/** Google API error body: {@code {"error":{"code":403,"message":"…","status":"PERMISSION_DENIED"}}}. */
record GoogleApiError(Body error) {

    record Body(int code, String message, String status) {
    }

    static GoogleApiError of(int code, String message, String status) {
        return new GoogleApiError(new Body(code, message, status));
    }
}
