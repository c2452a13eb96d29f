package dev.dmp.stream;

/**
 * One record's fate in its feed's minute (by Kafka timestamp), for the minute monitor. A Flink
 * POJO.
 */
public final class Tally {
  public String feed;
  public long minute;

  /** {@link dev.dmp.core.clean.Fate} ordinal. */
  public int fate;

  /** Converted revenue of a clean event, else 0. */
  public double revenue;

  public Tally() {}

  Tally(String feed, long millis, dev.dmp.core.clean.Fate fate, double revenue) {
    this.feed = feed;
    this.minute = Math.floorDiv(millis, 60_000L) * 60_000L;
    this.fate = fate.ordinal();
    this.revenue = revenue;
  }
}
