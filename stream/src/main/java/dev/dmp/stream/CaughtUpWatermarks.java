package dev.dmp.stream;

import dev.dmp.avro.RawRecord;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark of one Kafka partition: the highest Kafka timestamp read from it, and, once the
 * partition has given nothing for the idleness timeout, the clock less that timeout. A partition
 * that gives nothing has been read to its end (the consumer is caught up), so whatever arrives next
 * carries about the time it is sent; an idle topic therefore never holds the other feeds' hours
 * back, and the last hour before a quiet spell is flagged once the clock has passed it. A message
 * that still arrives with an older timestamp is late: it lands in the hour it carries, which is
 * then reported as re-opened.
 */
final class CaughtUpWatermarks implements WatermarkGenerator<RawRecord> {

  /** How long a partition may give nothing after the job starts before it counts as idle. */
  static final long FIRST_FETCH_MILLIS = 30_000;

  private final long idleMillis;
  private final LongSupplier clock;
  private long highest = Long.MIN_VALUE;
  private long lastRecordAt;
  private long emitted = Long.MIN_VALUE;

  CaughtUpWatermarks(long idleMillis, LongSupplier clock) {
    this.idleMillis = idleMillis;
    this.clock = clock;
    this.lastRecordAt = clock.getAsLong();
  }

  @Override
  public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
    highest = Math.max(highest, timestamp);
    lastRecordAt = clock.getAsLong();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.getAsLong();
    long mark = highest == Long.MIN_VALUE ? Long.MIN_VALUE : highest - 1;
    // Until its first record, a partition is given time for the consumer to start and fetch.
    long quiet =
        highest == Long.MIN_VALUE
            ? Math.max(idleMillis, Math.min(FIRST_FETCH_MILLIS, 10 * idleMillis))
            : idleMillis;
    if (now - lastRecordAt >= quiet) {
      mark = Math.max(mark, now - idleMillis);
    }
    if (mark > emitted) {
      emitted = mark;
      output.emitWatermark(new Watermark(mark));
    }
  }
}
