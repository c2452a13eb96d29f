package dev.dmp.stream;

import java.util.List;
import java.util.Map;

/** A person's figures of a day so far, absolute, for HBase. A Flink POJO. */
public final class LiveUpdate {
  public String oneId;
  public String day;
  public Map<String, Long> events;
  public double revenue;

  /** The segments entered live: holding on the loaded profile plus today, not on it alone. */
  public List<String> segments;

  public LiveUpdate() {}

  LiveUpdate(
      String oneId, String day, Map<String, Long> events, double revenue, List<String> segments) {
    this.oneId = oneId;
    this.day = day;
    this.events = events;
    this.revenue = revenue;
    this.segments = segments;
  }
}
