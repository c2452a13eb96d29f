package dev.dmp.stream;

import dev.dmp.avro.KafkaOrigin;
import dev.dmp.avro.RawRecord;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark of one Kafka partition: the highest Kafka timestamp read from it, and, once the
 * partition has given nothing for the idleness timeout and has been read to its end, the clock less
 * that timeout. Whatever arrives next at a partition read to its end carries about the time it is
 * sent, so an idle topic never holds the other feeds' hours back, and the last hour before a quiet
 * spell is flagged once the clock has passed it. A message that still arrives with an older
 * timestamp is late: it lands in the hour it carries, which is then reported as re-opened.
 *
 * <p>A partition quiet only because its records wait behind a busy job (a backlog after a stop,
 * back pressure) is not at its end: Kafka holds more than was read. Its watermark stays with its
 * records, so hours and minutes are not closed before their records are read. Kafka's word is taken
 * for {@value #BEHIND_LIMIT} idleness timeouts at most: a partition whose log ends in records that
 * are never delivered (an aborted transaction) counts as idle after that.
 */
final class CaughtUpWatermarks implements WatermarkGenerator<RawRecord> {

  /** How long a partition may give nothing after the job starts before it counts as idle. */
  static final long FIRST_FETCH_MILLIS = 30_000;

  /** Idleness timeouts after which a quiet partition counts as idle, whatever Kafka says. */
  static final int BEHIND_LIMIT = 10;

  /** Where a partition ends now, as far as known. */
  @FunctionalInterface
  interface Ends {
    OptionalLong end(String topic, int partition);
  }

  private final long idleMillis;
  private final LongSupplier clock;
  private final Ends ends;
  private long highest = Long.MIN_VALUE;
  private long lastRecordAt;
  private long emitted = Long.MIN_VALUE;
  private KafkaOrigin last;

  CaughtUpWatermarks(long idleMillis, LongSupplier clock, Ends ends) {
    this.idleMillis = idleMillis;
    this.clock = clock;
    this.ends = ends;
    this.lastRecordAt = clock.getAsLong();
  }

  @Override
  public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
    highest = Math.max(highest, timestamp);
    lastRecordAt = clock.getAsLong();
    if (record.getKafka() != null) {
      last = record.getKafka();
    }
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
    long quietFor = now - lastRecordAt;
    if (quietFor >= quiet && (readToItsEnd() || quietFor >= BEHIND_LIMIT * quiet)) {
      mark = Math.max(mark, now - idleMillis);
    }
    if (mark > emitted) {
      emitted = mark;
      output.emitWatermark(new Watermark(mark));
    }
  }

  /**
   * Whether nothing is known to wait in the partition after the last record read: true before a
   * first record (its position is not known here) and while Kafka has not said where it ends. One
   * offset past the last record is allowed for a transaction's commit marker.
   */
  private boolean readToItsEnd() {
    if (last == null) {
      return true;
    }
    OptionalLong end = ends.end(last.getTopic().toString(), last.getPartition());
    return end.isEmpty() || end.getAsLong() <= last.getOffset() + 2;
  }
}
