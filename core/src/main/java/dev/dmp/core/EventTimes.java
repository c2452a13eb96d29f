package dev.dmp.core;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses the collector's {@code event_time}: ISO-8601 with an offset, or epoch millis. */
public final class EventTimes {

  /** Epoch millis below this (2001-09-09) are taken as seconds sent by mistake: rejected. */
  private static final long MIN_PLAUSIBLE_MILLIS = 1_000_000_000_000L;

  private EventTimes() {}

  /** Thrown with a message for a person when a time cannot be read. */
  public static final class BadTimeException extends Exception {
    private static final long serialVersionUID = 1L;

    BadTimeException(String message) {
      super(message);
    }
  }

  /**
   * Parses an ISO-8601 string with offset (or {@code Z}), or a string of digits as epoch millis.
   */
  public static long parse(String text) throws BadTimeException {
    String t = text.strip();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return millis(parseDigits(t));
    }
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadTimeException(
          "event_time '" + abbreviate(t) + "' is neither ISO-8601 with an offset nor epoch millis");
    }
  }

  /** Checks epoch millis given as a number. */
  public static long millis(long epochMillis) throws BadTimeException {
    if (epochMillis < MIN_PLAUSIBLE_MILLIS) {
      throw new BadTimeException(
          "event_time " + epochMillis + " is not epoch millis (seconds sent by mistake?)");
    }
    return epochMillis;
  }

  private static long parseDigits(String t) throws BadTimeException {
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new BadTimeException("event_time '" + abbreviate(t) + "' is out of range");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
