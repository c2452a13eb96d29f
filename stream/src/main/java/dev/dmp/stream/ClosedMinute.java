package dev.dmp.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.mapreduce.monitor.FeedMinute;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A feed's minute as the minute monitor closed it: its day and its line of {@code
 * quality/stream/minutes/dt=D/} ({@link FeedMinute} as JSON). A Flink POJO.
 */
public final class ClosedMinute {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String day;
  public String line;

  public ClosedMinute() {}

  static ClosedMinute of(String feed, long minute, MinuteFigures m) {
    ClosedMinute c = new ClosedMinute();
    c.day = Days.of(minute);
    try {
      c.line =
          JSON.writeValueAsString(
              new FeedMinute(feed, Instant.ofEpochMilli(minute).toString(), m.asMap(), m.revenue));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }
}
