package dev.dmp.core;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
    long fast = common(t);
    if (fast != NOT_COMMON) {
      return fast;
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

  private static final long NOT_COMMON = Long.MIN_VALUE;

  /**
   * The shape trackers send, {@code yyyy-MM-ddTHH:mm:ss[.f…]} then {@code Z} or {@code ±HH:mm},
   * read without {@link DateTimeFormatter} (its general parser was a tenth of clean's time).
   * Returns {@link #NOT_COMMON} for anything else, or anything out of range, so that the formatter
   * decides it: this fast path never accepts a time the formatter would refuse, nor reads one
   * differently.
   */
  static long common(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return NOT_COMMON;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return NOT_COMMON;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_COMMON;
    }
    if (day > YearMonth.of(year, month).lengthOfMonth()) {
      return NOT_COMMON;
    }
    int i = 19;
    int millis = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && Character.isDigit(t.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (t.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return NOT_COMMON;
      }
      for (int k = count; k < 3; k++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && t.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)) {
        return NOT_COMMON;
      }
      offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return NOT_COMMON;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return seconds * 1000 + millis;
  }

  /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
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
