package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.KafkaOrigin;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The plain logic of the landing: buckets, watermarks of a partition, reconciling an hour. */
class LandingLogicTest {

  @Test
  void aRecordLandsInTheUtcHourOfItsKafkaTimestamp() {
    long t = Instant.parse("2026-11-20T23:59:59.999Z").toEpochMilli();
    assertThat(HourBuckets.partition(t, "web")).isEqualTo("dt=2026-11-20/hr=23/src=web");
    assertThat(HourBuckets.partition(t + 1, "web")).isEqualTo("dt=2026-11-21/hr=00/src=web");
    assertThat(HourBuckets.hourStart(t))
        .isEqualTo(Instant.parse("2026-11-20T23:00:00Z").toEpochMilli());
  }

  @Test
  void aPartitionsWatermarkFollowsItsRecordsThenTheClockOnceItIsReadToItsEnd() {
    AtomicLong clock = new AtomicLong(1_000_000);
    AtomicLong end = new AtomicLong(8);
    CaughtUpWatermarks w =
        new CaughtUpWatermarks(2_000, clock::get, (topic, p) -> OptionalLong.of(end.get()));
    List<Long> marks = new ArrayList<>();
    WatermarkOutput out = collect(marks);
    // Before its first record, a partition waits ten idleness timeouts, not one.
    clock.addAndGet(5_000);
    w.onPeriodicEmit(out);
    assertThat(marks).isEmpty();
    w.onEvent(record(7), 500_000, out);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L);
    clock.addAndGet(1_999);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(1);
    clock.addAndGet(1);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L, clock.get() - 2_000);
    // A late record does not move it back.
    w.onEvent(record(8), 400_000, out);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(2);
  }

  @Test
  void aPartitionQuietBehindABusyJobKeepsItsWatermarkUntilKafkaIsReadOrTenTimeoutsPass() {
    AtomicLong clock = new AtomicLong(1_000_000);
    AtomicLong end = new AtomicLong(500);
    CaughtUpWatermarks w =
        new CaughtUpWatermarks(2_000, clock::get, (topic, p) -> OptionalLong.of(end.get()));
    List<Long> marks = new ArrayList<>();
    WatermarkOutput out = collect(marks);
    w.onEvent(record(9), 500_000, out);
    w.onPeriodicEmit(out);
    // Quiet for five timeouts, but Kafka holds 490 more records: the watermark waits for them.
    clock.addAndGet(10_000);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L);
    // Read to the end (a commit marker after the last record): the clock, less the timeout.
    w.onEvent(record(498), 600_000, out);
    clock.addAndGet(2_000);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L, clock.get() - 2_000);
    // Records Kafka says are there but never come (an aborted transaction): ten timeouts.
    end.set(900);
    w.onEvent(record(499), 600_000, out);
    clock.addAndGet(19_999);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(2);
    clock.addAndGet(1);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(3).last().isEqualTo(clock.get() - 2_000);
  }

  private static RawRecord record(long offset) {
    return RawRecord.newBuilder()
        .setFeed("web")
        .setOriginFile("kafka:web-0")
        .setOriginOffset(offset)
        .setOriginLine(offset)
        .setReceivedAt(0)
        .setFormat(RawFormat.JSON)
        .setBody(ByteBuffer.wrap(new byte[0]))
        .setOriginalLength(0)
        .setKafka(new KafkaOrigin("web", 0, offset, 0L))
        .build();
  }

  private static WatermarkOutput collect(List<Long> marks) {
    return new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark m) {
        marks.add(m.getTimestamp());
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
  }

  @Test
  void anHourReconcilesOnlyWhenEveryPartitionHoldsWhatWasRead() {
    HourDue due = HourDue.of(HourDue.HOUR, "web", 0);
    due.add("web-0", new long[] {3, 10, 14});
    due.add("web-1", new long[] {2, 7, 8});
    Map<String, long[]> files = new TreeMap<>();
    files.put("web-0", new long[] {3, 10, 14});
    files.put("web-1", new long[] {2, 7, 8});
    assertThat(LandingReport.reconciles(due, new LandingReport.Landed(files, 0, 2))).isTrue();
    files.put("web-1", new long[] {1, 7, 7});
    assertThat(LandingReport.reconciles(due, new LandingReport.Landed(files, 0, 2))).isFalse();
    files.put("web-1", new long[] {2, 7, 8});
    files.put("web-2", new long[] {1, 0, 0});
    assertThat(LandingReport.reconciles(due, new LandingReport.Landed(files, 0, 3))).isFalse();
    assertThat(due.total()).isEqualTo(5);
  }
}
