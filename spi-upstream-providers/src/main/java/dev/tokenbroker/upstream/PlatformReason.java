package dev.tokenbroker.upstream;

import java.util.regex.Pattern;

/**
 * A platform's error text made fit for a caller's {@code error_description}, an event detail and a
 * log line: platforms echo what they were sent, so anything shaped like a JWT is cut out; control
 * characters would forge log lines; and the text is bounded, since the platform chose its length.
 */
public final class PlatformReason {

    static final int MAX_LENGTH = 300;
    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+");

    private PlatformReason() {
    }

    public static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        String clean = CONTROL.matcher(JWT_LIKE.matcher(text).replaceAll("[redacted]")).replaceAll(" ").trim();
        return clean.length() <= MAX_LENGTH ? clean : clean.substring(0, MAX_LENGTH) + "...";
    }
}
