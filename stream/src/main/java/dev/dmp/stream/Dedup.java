package dev.dmp.stream;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.clean.Fate;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the first copy of each event id seen within the de-duplication window (keyed state with a
 * time to live), as the batch keeps one copy per day; the others are duplicates, tallied.
 */
final class Dedup extends KeyedProcessFunction<String, CleanEvent, CleanEvent> {

  private final StreamSettings settings;
  private final LiveSettings live;
  private transient ValueState<Boolean> seen;

  Dedup(StreamSettings settings, LiveSettings live) {
    this.settings = settings;
    this.live = live;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Boolean.class);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofMillis(live.dedupWindowMillis()))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(CleanEvent e, Context ctx, Collector<CleanEvent> out)
      throws Exception {
    String feed = feed(e);
    if (seen.value() != null) {
      ctx.output(CleanStep.TALLIES, new Tally(feed, e.getReceivedAt(), Fate.DUPLICATE, 0));
      return;
    }
    seen.update(true);
    double revenue = e.getRevenueConverted() == null ? 0 : e.getRevenueConverted().doubleValue();
    ctx.output(CleanStep.TALLIES, new Tally(feed, e.getReceivedAt(), Fate.CLEAN, revenue));
    out.collect(e);
  }

  /** The feed of a record landed from {@code TOPIC-PARTITION}. */
  private String feed(CleanEvent e) {
    String origin = e.getOriginFile().toString();
    int dash = origin.lastIndexOf('-');
    return settings.feed(dash < 0 ? origin : origin.substring(0, dash));
  }
}
