package dev.dmp.stream;

import dev.dmp.avro.Profile;
import dev.dmp.core.profile.LiveProfiles;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.core.profile.Taxonomy;
import dev.dmp.mapreduce.money.RatesFiles;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileRules;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.hadoop.conf.Configuration;

/**
 * A person's day, keyed by OneID: today's profile folded event by event in keyed state ({@link
 * LiveProfiles}), and after each event the day's figures so far and the segments entered live, for
 * HBase. The state is part of the checkpoint, so a restart replays the events after it onto the
 * same figures: the cells written are absolute, and a replay writes them again unchanged.
 */
final class PersonToday extends KeyedProcessFunction<String, Attributed, LiveUpdate> {

  /** Days a person's figures of a day are kept after their last event of it. */
  private static final int KEPT_DAYS = 2;

  private final StreamSettings settings;
  private transient LiveProfiles live;
  private transient MapState<String, Profile> days;

  PersonToday(StreamSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    Configuration conf = settings.hadoop();
    live =
        new LiveProfiles(
            Taxonomy.parse(ProfileRules.readConfigFile(conf, ProfileJob.TAXONOMY_FILE)),
            ProfileJob.halfLifeDays(conf),
            RatesFiles.reportingCurrency(conf),
            SegmentRules.parse(ProfileRules.readConfigFile(conf, ProfileJob.SEGMENTS_FILE)));
    // A rule that throws on one person's figures leaves them out of the segment, counted here.
    getRuntimeContext()
        .getMetricGroup()
        .addGroup("dmp")
        .<Long, org.apache.flink.metrics.Gauge<Long>>gauge(
            "segment_rule_errors",
            () -> live.ruleErrors().values().stream().mapToLong(Long::longValue).sum());
    MapStateDescriptor<String, Profile> d =
        new MapStateDescriptor<>("days", Types.STRING, new AvroTypeInfo<>(Profile.class));
    // A day's figures are kept for a while after the person's last event of it, by the clock: the
    // watermark of a backlog jumps to the clock when a partition idles, and must not end a day
    // whose events are still coming.
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofDays(KEPT_DAYS))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    days = getRuntimeContext().getMapState(d);
  }

  @Override
  public void processElement(Attributed a, Context ctx, Collector<LiveUpdate> out)
      throws Exception {
    LocalDate day = LocalDate.parse(a.day);
    Profile previous = days.get(a.day);
    Profile today = live.add(a.oneId, day, previous, a.event);
    days.put(a.day, today);
    // A profile loaded for this day or later already counts today: the live cells are masked.
    Profile loaded =
        a.loaded != null && a.loaded.getAsOf().toString().compareTo(a.day) < 0 ? a.loaded : null;
    List<String> now = live.segments(a.oneId, day, loaded, today);
    List<String> entered =
        LiveProfiles.entered(loaded == null ? List.of() : stringList(loaded.getSegments()), now);
    Map<String, Long> events = new TreeMap<>();
    today.getEvents().forEach((type, n) -> events.put(type.toString(), n));
    out.collect(new LiveUpdate(a.oneId, a.day, events, today.getRevenue(), entered));
  }

  private static List<String> stringList(List<? extends CharSequence> in) {
    return in.stream().map(CharSequence::toString).toList();
  }
}
