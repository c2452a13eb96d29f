package dev.dmp.mapreduce.common;

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

  @Override
  public String toString() {
    return day.toString();
  }
}
