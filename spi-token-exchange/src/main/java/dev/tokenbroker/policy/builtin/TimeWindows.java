package dev.tokenbroker.policy.builtin;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When exchanges are allowed, in one time zone: windows separated by {@code ;}, each
 * {@code <days> <HH:mm>-<HH:mm>}, days as {@code Mon-Fri}, {@code Sat,Sun}, {@code Mon,Wed-Fri} or
 * {@code *}, the end exclusive ({@code 24:00} for the end of the day). E.g.
 * {@code Mon-Fri 08:00-18:00; Sat 09:00-12:00} in {@code Europe/Berlin}. Local wall-clock time, so
 * daylight saving moves the windows with the office, not with UTC.
 */
public final class TimeWindows {

    private static final Pattern WINDOW = Pattern.compile("(\\S+)\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private final List<Window> windows;
    private final ZoneId zone;
    private final String text;

    private record Window(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        boolean contains(ZonedDateTime time) {
            LocalTime local = time.toLocalTime();
            return days.contains(time.getDayOfWeek()) && !local.isBefore(start) && (end == null || local.isBefore(end));
        }
    }

    private TimeWindows(List<Window> windows, ZoneId zone, String text) {
        this.windows = windows;
        this.zone = zone;
        this.text = text;
    }

    /**
     * @param windows  the {@code time-windows} setting
     * @param timeZone the {@code time-zone} setting (IANA name); {@code null} for UTC
     * @throws IllegalArgumentException naming the setting
     */
    public static TimeWindows parse(String windows, String timeZone) {
        ZoneId zone;
        try {
            zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time-zone must be a time zone name such as Europe/Berlin");
        }
        List<Window> parsed = new ArrayList<>();
        for (String window : windows.split(";")) {
            if (!window.isBlank()) {
                parsed.add(window(window.trim()));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("time-windows must hold at least one window such as 'Mon-Fri 08:00-18:00'");
        }
        return new TimeWindows(List.copyOf(parsed), zone, windows.trim() + " " + zone.getId());
    }

    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        return windows.stream().anyMatch(window -> window.contains(local));
    }

    /** As configured, with its zone: what a deny shows the caller. */
    @Override
    public String toString() {
        return text;
    }

    private static Window window(String text) {
        Matcher matcher = WINDOW.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("time-windows: '" + text + "' is not '<days> <HH:mm>-<HH:mm>'");
        }
        LocalTime start = time(matcher.group(2), text);
        LocalTime end = matcher.group(3).equals("24:00") ? null : time(matcher.group(3), text);
        if (end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("time-windows: '" + text + "' ends before it starts (use two windows across midnight)");
        }
        return new Window(days(matcher.group(1), text), start, end);
    }

    private static Set<DayOfWeek> days(String spec, String window) {
        if (spec.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",")) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("time-windows: '" + window + "' has an invalid day range");
            }
            int from = day(range[0], window);
            int to = range.length == 2 ? day(range[1], window) : from;
            for (int day = from; ; day = (day + 1) % 7) {
                days.add(DayOfWeek.of(day + 1));
                if (day == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static int day(String name, String window) {
        int index = DAYS.indexOf(name.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("time-windows: '" + window + "' names no day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun or *)");
        }
        return index;
    }

    private static LocalTime time(String value, String window) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time-windows: '" + window + "' has an invalid time " + value);
        }
    }
}
