package dev.tokenbroker.exchange;

/**
 * What an error description may repeat of the caller's input: a short excerpt of printable ASCII.
 * Descriptions reach logs, events and other parties' screens; echoing kilobytes (or control
 * characters, or a token pasted into the wrong parameter) would turn them into a channel.
 */
public final class Echo {

    static final int MAX_LENGTH = 48;

    private Echo() {
    }

    /** The value quoted for an error description, shortened and with anything unprintable replaced. */
    public static String of(String value) {
        if (value == null) {
            return "''";
        }
        StringBuilder excerpt = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 5).append('\'');
        int shown = Math.min(value.length(), MAX_LENGTH);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            excerpt.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
        }
        if (value.length() > MAX_LENGTH) {
            excerpt.append("...");
        }
        if (value.startsWith("eyJ")) {
            // A JWT where a name was expected: say so instead of repeating its start.
            return "(a token)";
        }
        return excerpt.append('\'').toString();
    }
}
