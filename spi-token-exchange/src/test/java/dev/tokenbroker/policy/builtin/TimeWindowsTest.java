package dev.tokenbroker.policy.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeWindowsTest {

    @Test
    void whenWeekdayWindowThenWeekdaysInsideOnly() {
        TimeWindows office = TimeWindows.parse("Mon-Fri 08:00-18:00", "UTC");

        assertThat(office.contains(Instant.parse("2026-12-02T08:00:00Z"))).isTrue();   // Wednesday, start inclusive
        assertThat(office.contains(Instant.parse("2026-12-02T18:00:00Z"))).isFalse();  // end exclusive
        assertThat(office.contains(Instant.parse("2026-12-06T10:00:00Z"))).isFalse();  // Sunday
    }

    @Test
    void whenZoneObservesDaylightSavingThenWindowsFollowTheWallClock() {
        TimeWindows berlin = TimeWindows.parse("* 09:00-10:00", "Europe/Berlin");

        assertThat(berlin.contains(Instant.parse("2026-01-15T08:30:00Z"))).isTrue();   // 09:30 CET
        assertThat(berlin.contains(Instant.parse("2026-07-15T07:30:00Z"))).isTrue();   // 09:30 CEST
        assertThat(berlin.contains(Instant.parse("2026-07-15T08:30:00Z"))).isFalse();  // 10:30 CEST
    }

    @Test
    void whenSeveralWindowsAndDayListsThenAnyMatches() {
        TimeWindows windows = TimeWindows.parse("Mon,Wed 09:00-10:00; Sat-Sun 00:00-24:00", null);

        assertThat(windows.contains(Instant.parse("2026-12-02T09:15:00Z"))).isTrue();  // Wednesday
        assertThat(windows.contains(Instant.parse("2026-12-03T09:15:00Z"))).isFalse(); // Thursday
        assertThat(windows.contains(Instant.parse("2026-12-06T23:59:59Z"))).isTrue();  // Sunday, to midnight
    }

    @Test
    void whenDayRangeWrapsThenItCrossesTheWeekend() {
        TimeWindows windows = TimeWindows.parse("Fri-Mon 00:00-24:00", null);

        assertThat(windows.contains(Instant.parse("2026-12-06T12:00:00Z"))).isTrue();  // Sunday
        assertThat(windows.contains(Instant.parse("2026-12-02T12:00:00Z"))).isFalse(); // Wednesday
    }

    @Test
    void whenMalformedThenInvalidNamingTheWindow() {
        assertThatThrownBy(() -> TimeWindows.parse("weekdays 9-5", null)).hasMessageContaining("'weekdays 9-5'");
        assertThatThrownBy(() -> TimeWindows.parse("Mon-Fri 18:00-08:00", null)).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> TimeWindows.parse("Mon-Fri 25:00-26:00", null)).hasMessageContaining("invalid time");
        assertThatThrownBy(() -> TimeWindows.parse("Funday 08:00-09:00", null)).hasMessageContaining("names no day");
        assertThatThrownBy(() -> TimeWindows.parse(" ; ", null)).hasMessageContaining("at least one window");
        assertThatThrownBy(() -> TimeWindows.parse("* 08:00-09:00", "Mars/Olympus")).hasMessageContaining("time-zone");
    }
}
