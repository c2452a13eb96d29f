package dev.dmp.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The UTC day of an instant, as the raw zone's partitions name it. */
final class Days {

  static final long DAY = 86_400_000L;

  private Days() {}

  /** {@code YYYY-MM-DD} of {@code millis}. */
  static String of(long millis) {
    return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The first millisecond of a day: the timestamp of the stream's cells of that day. */
  static long start(String day) {
    return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
