package dev.dmp.core;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The day a run is for (UTC), as given by {@code --date YYYY-MM-DD}. */
public record RunDate(LocalDate day) {

  /** Parses {@code --date}; anything but an ISO calendar date is a usage error. */
  public static RunDate parse(String text) throws UsageException {
    try {
      return new RunDate(LocalDate.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new UsageException("--date '" + text + "' is not a date of the form YYYY-MM-DD");
    }
  }

  /** Parses {@code --hour}; anything but a whole number from 0 to 23 is a usage error. */
  public static int parseHour(String text) throws UsageException {
    try {
      int h = Integer.parseInt(text.strip());
      if (h >= 0 && h <= 23) {
        return h;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--hour '" + text + "' is not an hour from 0 to 23");
  }

  /** Epoch millis of the day's first instant, UTC. */
  public long startMillis() {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Epoch millis of the next day's first instant, UTC. */
  public long endMillis() {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The partition directory name, {@code dt=YYYY-MM-DD}. */
  public String partition() {
    return "dt=" + day;
  }

  /**
   * The days between an earlier day's partition ({@code dt=YYYY-MM-DD}, null for none) and this
   * one, both excluded: 0 when it is yesterday's or there is none, more after a gap.
   */
  public long daysMissingSince(String partition) {
    if (partition == null) {
      return 0;
    }
    return java.time.temporal.ChronoUnit.DAYS.between(
            LocalDate.parse(partition.substring("dt=".length())), day)
        - 1;
  }

  /** A day after every day the platform holds: "the newest of all", for look-ups before a day. */
  public static RunDate endOfTime() {
    return new RunDate(LocalDate.of(9999, 12, 31));
  }

  @Override
  public String toString() {
    return day.toString();
  }
}
