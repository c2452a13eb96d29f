package dev.dmp.stream;

import java.util.Arrays;

/**
 * An hour of a feed whose watermark has passed its end plus the grace (kind {@code hour}), or a
 * whole day of it (kind {@code day}), with what was read of it: per Kafka partition, the records
 * and the first and last offset. The flagger checks these against the committed files.
 */
public class HourDue {
  public static final String HOUR = "hour";
  public static final String DAY = "day";

  public String kind;
  public String feed;
  public long start;

  /** How many times this hour was due before: more than zero when late records re-opened it. */
  public int reopened;

  public String[] partitions = new String[0];
  public long[] records = new long[0];
  public long[] firstOffsets = new long[0];
  public long[] lastOffsets = new long[0];

  public HourDue() {}

  static HourDue of(String kind, String feed, long start) {
    HourDue d = new HourDue();
    d.kind = kind;
    d.feed = feed;
    d.start = start;
    return d;
  }

  void add(String partition, long[] tally) {
    int n = partitions.length;
    partitions = Arrays.copyOf(partitions, n + 1);
    records = Arrays.copyOf(records, n + 1);
    firstOffsets = Arrays.copyOf(firstOffsets, n + 1);
    lastOffsets = Arrays.copyOf(lastOffsets, n + 1);
    partitions[n] = partition;
    records[n] = tally[0];
    firstOffsets[n] = tally[1];
    lastOffsets[n] = tally[2];
  }

  long total() {
    return Arrays.stream(records).sum();
  }
}
