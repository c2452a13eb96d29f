package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void aPartitionsWatermarkFollowsItsRecordsThenTheClockOnceItIsIdle() {
    AtomicLong clock = new AtomicLong(1_000_000);
    CaughtUpWatermarks w = new CaughtUpWatermarks(2_000, clock::get);
    List<Long> marks = new ArrayList<>();
    WatermarkOutput out =
        new WatermarkOutput() {
          @Override
          public void emitWatermark(Watermark m) {
            marks.add(m.getTimestamp());
          }

          @Override
          public void markIdle() {}

          @Override
          public void markActive() {}
        };
    // Before its first record, a partition waits ten idleness timeouts, not one.
    clock.addAndGet(5_000);
    w.onPeriodicEmit(out);
    assertThat(marks).isEmpty();
    w.onEvent(null, 500_000, out);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L);
    clock.addAndGet(1_999);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(1);
    clock.addAndGet(1);
    w.onPeriodicEmit(out);
    assertThat(marks).containsExactly(499_999L, clock.get() - 2_000);
    // A late record does not move it back.
    w.onEvent(null, 400_000, out);
    w.onPeriodicEmit(out);
    assertThat(marks).hasSize(2);
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
