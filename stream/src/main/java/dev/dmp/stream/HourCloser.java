package dev.dmp.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by feed: tallies what was read of each hour per Kafka partition (records, first and last
 * offset), and when the watermark of every partition has passed an hour's end plus the grace, says
 * the hour is due; at a day's end plus the grace, says the day is. A record of an hour already due
 * (a late one) re-opens it: the hour is due again, with its new tally, at the next watermark.
 *
 * <p>It also watches each partition's offsets: an offset past the one after the last read is a
 * jump, which {@link OffsetGaps} checks against the log's start (records Kafka deleted unread).
 * Everything is keyed state, checkpointed with the offsets, so a restart counts nothing twice.
 */
final class HourCloser extends KeyedProcessFunction<String, Mark, HourDue> {

  /** How long an hour's tally is kept after it was due (a week, Kafka's default retention). */
  static final long KEEP = 7 * HourBuckets.DAY;

  private final StreamSettings settings;
  private transient MapState<String, long[]> tallies;
  private transient MapState<Long, Integer> closings;
  private transient MapState<String, Long> lastOffsets;
  private transient OffsetGaps gaps;

  HourCloser(StreamSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    tallies =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "tallies",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    closings =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("closings", Types.LONG, Types.INT));
    lastOffsets =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("last-offsets", Types.STRING, Types.LONG));
    gaps = new OffsetGaps(settings);
  }

  @Override
  public void close() {
    if (gaps != null) {
      gaps.close();
    }
  }

  @Override
  public void processElement(Mark mark, Context ctx, Collector<HourDue> out) throws Exception {
    String partition = mark.topicPartition();
    Long last = lastOffsets.get(partition);
    if (last != null && mark.offset > last + 1) {
      gaps.jumped(mark.topic, mark.partition, last, mark.offset);
    }
    lastOffsets.put(partition, Math.max(mark.offset, last == null ? mark.offset : last));

    long start = HourBuckets.hourStart(mark.timestamp);
    String key = start + "/" + partition;
    long[] tally = tallies.get(key);
    if (tally == null) {
      tally = new long[] {0, mark.offset, mark.offset};
    }
    tally[0]++;
    tally[1] = Math.min(tally[1], mark.offset);
    tally[2] = Math.max(tally[2], mark.offset);
    tallies.put(key, tally);
    // One timer per hour and key: at the hour's end plus the grace (already passed for a late
    // record, so it fires with the next watermark); the day's falls on its last hour's.
    ctx.timerService().registerEventTimeTimer(start + HourBuckets.HOUR + settings.graceMillis());
    long day = Math.floorDiv(mark.timestamp, HourBuckets.DAY) * HourBuckets.DAY;
    ctx.timerService().registerEventTimeTimer(day + HourBuckets.DAY + settings.graceMillis());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<HourDue> out) throws Exception {
    long end = timestamp - settings.graceMillis();
    long start = end - HourBuckets.HOUR;
    HourDue due = HourDue.of(HourDue.HOUR, ctx.getCurrentKey(), start);
    List<String> forgotten = new ArrayList<>();
    for (Iterator<Map.Entry<String, long[]>> it = tallies.iterator(); it.hasNext(); ) {
      Map.Entry<String, long[]> e = it.next();
      int slash = e.getKey().indexOf('/');
      long hour = Long.parseLong(e.getKey().substring(0, slash));
      if (hour == start) {
        due.add(e.getKey().substring(slash + 1), e.getValue());
      } else if (hour < end - KEEP) {
        forgotten.add(e.getKey());
      }
    }
    for (String key : forgotten) {
      tallies.remove(key);
    }
    List<Long> forgottenHours = new ArrayList<>();
    for (Long hour : closings.keys()) {
      if (hour < end - KEEP) {
        forgottenHours.add(hour);
      }
    }
    for (Long hour : forgottenHours) {
      closings.remove(hour);
    }
    if (due.partitions.length > 0) {
      Integer before = closings.get(start);
      due.reopened = before == null ? 0 : before;
      closings.put(start, due.reopened + 1);
      out.collect(due);
    }
    if (Math.floorMod(end, HourBuckets.DAY) == 0) {
      out.collect(HourDue.of(HourDue.DAY, ctx.getCurrentKey(), end - HourBuckets.DAY));
    }
  }
}
