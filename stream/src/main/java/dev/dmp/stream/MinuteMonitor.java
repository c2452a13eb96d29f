package dev.dmp.stream;

import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.core.alerts.AlertRules;
import dev.dmp.core.clean.Fate;
import dev.dmp.mapreduce.monitor.Alerts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.hadoop.conf.Configuration;

/**
 * Per feed and minute (by Kafka timestamp, closed when the watermark passes the minute's end): the
 * records by fate and the revenue, held against the alert rules of scope {@code minute} with the
 * same minute of the previous 7 days and the hour before as history. A minute without records
 * closes too (for a day after the feed's last record), so that a silent feed is seen. Alerts go to
 * the alert log and the webhook as the minute closes; the closed minute goes on, for the daily
 * page's minute series; the figures count as Flink metrics.
 */
final class MinuteMonitor extends KeyedProcessFunction<String, Tally, ClosedMinute> {

  private static final long MINUTE = 60_000L;
  private static final int HISTORY_DAYS = AlertFigures.HISTORY_DAYS;
  private static final int RECENT_MINUTES = 60;

  private final StreamSettings settings;
  private transient Configuration conf;
  private transient AlertRules rules;
  private transient MapState<Long, MinuteFigures> minutes;
  private transient ValueState<Long> lastRecord;
  private transient ValueState<Integer> silent;
  private transient Map<Fate, Counter> counters;
  private transient String origin;

  MinuteMonitor(StreamSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    conf = settings.hadoop();
    rules = Alerts.rules(conf);
    // Each subtask keeps its own alert file (a feed is always on one subtask).
    origin = "minutes-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    minutes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "minutes", Types.LONG, TypeInformation.of(MinuteFigures.class)));
    lastRecord = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
    silent = getRuntimeContext().getState(new ValueStateDescriptor<>("silent", Types.INT));
    counters = new HashMap<>();
    for (Fate f : Fate.values()) {
      counters.put(f, getRuntimeContext().getMetricGroup().addGroup("dmp").counter(f.key()));
    }
  }

  @Override
  public void processElement(Tally t, Context ctx, Collector<ClosedMinute> out) throws Exception {
    MinuteFigures m = minutes.get(t.minute);
    if (m == null) {
      m = new MinuteFigures();
      ctx.timerService().registerEventTimeTimer(t.minute + MINUTE - 1);
    }
    m.add(t);
    minutes.put(t.minute, m);
    Long last = lastRecord.value();
    if (last == null || t.minute > last) {
      lastRecord.update(t.minute);
    }
    counters.get(Fate.values()[t.fate]).inc();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClosedMinute> out)
      throws Exception {
    long minute = timestamp + 1 - MINUTE;
    MinuteFigures m = minutes.get(minute);
    if (m == null) {
      m = new MinuteFigures();
      minutes.put(minute, m);
    }
    int quiet = m.read() == 0 ? (silent.value() == null ? 0 : silent.value()) + 1 : 0;
    silent.update(quiet);
    evaluate(ctx.getCurrentKey(), minute, m, quiet);
    out.collect(ClosedMinute.of(ctx.getCurrentKey(), minute, m));
    minutes.remove(minute - (HISTORY_DAYS + 1) * Days.DAY);
    // The next minute closes even without records, for a day after the feed's last one.
    Long last = lastRecord.value();
    if (last != null && minute + MINUTE - last <= Days.DAY) {
      ctx.timerService().registerEventTimeTimer(minute + 2 * MINUTE - 1);
    }
  }

  private void evaluate(String feed, long minute, MinuteFigures m, int quiet) throws Exception {
    Map<String, Long> f = m.asMap();
    Map<String, Object> v = new HashMap<>();
    AlertFigures.sourceFates(v, f);
    ZonedDateTime t = Instant.ofEpochMilli(minute).atZone(ZoneOffset.UTC);
    v.put("source", feed);
    v.put("minute", String.format("%02d:%02d", t.getHour(), t.getMinute()));
    v.put("revenue", AlertFigures.round(m.revenue));
    v.put("silent_minutes", quiet);
    List<Map<String, Long>> sameMinute = new ArrayList<>();
    for (int d = 1; d <= HISTORY_DAYS; d++) {
      MinuteFigures h = minutes.get(minute - d * Days.DAY);
      if (h != null) {
        sameMinute.add(h.asMap());
      }
    }
    AlertFigures.medians(v, sameMinute);
    List<Map<String, Long>> recent = new ArrayList<>();
    for (int k = 1; k <= RECENT_MINUTES; k++) {
      MinuteFigures h = minutes.get(minute - k * MINUTE);
      if (h != null) {
        recent.add(h.asMap());
      }
    }
    AlertFigures.recentMedians(v, recent);
    Alerts.evaluateMinute(conf, origin, rules, feed, Instant.ofEpochMilli(minute), v);
  }
}
