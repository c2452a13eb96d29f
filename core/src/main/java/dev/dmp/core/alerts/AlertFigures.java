package dev.dmp.core.alerts;

import dev.dmp.core.alerts.AlertRules.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures alert rules read, by name, and the arithmetic of them: shares in per cent and medians
 * over the previous days. The batch monitor fills them from a day's reports, a stream job from its
 * windows; {@link #sample} gives every variable of a scope, for checking rules when read.
 */
public final class AlertFigures {

  /** Days of history a median is taken over. */
  public static final int HISTORY_DAYS = 7;

  private AlertFigures() {}

  /** Figures of every variable of a scope, for checking the rules when they are read. */
  public static Map<String, Object> sample(Scope scope) {
    Map<String, Object> v = new HashMap<>();
    fates(v, 1, 1, 1, 1, 1, 1);
    v.put("history_days", 1);
    v.put("median_read", 1.0);
    v.put("median_reject_pct", 1.0);
    v.put("median_bot_pct", 1.0);
    switch (scope) {
      case DAY -> {
        v.put("people", 1L);
        v.put("new_oneids", 1L);
        v.put("merged_oneids", 1L);
        v.put("median_new_oneids", 1.0);
        v.put("events", 1L);
        v.put("revenue", 1.0);
        v.put("median_revenue", 1.0);
        v.put("gate_stopped", false);
        v.put("gate", "clean");
        v.put("gate_reasons", "");
      }
      case SOURCE_DAY -> v.put("source", "web");
      case SOURCE_HOUR -> {
        v.put("source", "web");
        v.put("hour", 1);
        v.put("silent_hours", 1);
      }
      case MINUTE -> {
        v.put("source", "web");
        v.put("minute", "00:00");
        v.put("revenue", 1.0);
        v.put("silent_minutes", 1);
        v.put("recent_minutes", 1);
        v.put("recent_median_read", 1.0);
        v.put("recent_median_reject_pct", 1.0);
        v.put("recent_median_bot_pct", 1.0);
      }
    }
    return v;
  }

  public static void fates(
      Map<String, Object> v,
      long read,
      long clean,
      long rejected,
      long duplicate,
      long bot,
      long optedOut) {
    v.put("read", read);
    v.put("clean", clean);
    v.put("rejected", rejected);
    v.put("duplicate", duplicate);
    v.put("bot", bot);
    v.put("opted_out", optedOut);
    v.put("reject_pct", pct(rejected, read));
    v.put("bot_pct", pct(bot, read));
  }

  public static void sourceFates(Map<String, Object> v, Map<String, Long> f) {
    Map<String, Long> fates = f == null ? Map.of() : f;
    fates(
        v,
        fates.getOrDefault("read", 0L),
        fates.getOrDefault("clean", 0L),
        fates.getOrDefault("rejected", 0L),
        fates.getOrDefault("duplicate", 0L),
        fates.getOrDefault("bot", 0L),
        fates.getOrDefault("opted_out", 0L));
  }

  public static void medians(Map<String, Object> v, List<Map<String, Long>> previous) {
    v.put("history_days", previous.size());
    if (previous.isEmpty()) {
      return;
    }
    v.put("median_read", median(previous, m -> m.getOrDefault("read", 0L)));
    v.put(
        "median_reject_pct",
        round(
            median(
                previous, m -> pct(m.getOrDefault("rejected", 0L), m.getOrDefault("read", 0L)))));
    v.put(
        "median_bot_pct",
        round(median(previous, m -> pct(m.getOrDefault("bot", 0L), m.getOrDefault("read", 0L)))));
  }

  /**
   * The medians of {@link #medians} over the minutes right before, as {@code recent_minutes} and
   * {@code recent_median_*}: a spike within a day, for a feed without days of history.
   */
  public static void recentMedians(Map<String, Object> v, List<Map<String, Long>> previous) {
    v.put("recent_minutes", previous.size());
    v.put(
        "recent_median_read",
        previous.isEmpty() ? 0.0 : median(previous, m -> m.getOrDefault("read", 0L)));
    v.put(
        "recent_median_reject_pct",
        previous.isEmpty()
            ? 0.0
            : round(
                median(
                    previous,
                    m -> pct(m.getOrDefault("rejected", 0L), m.getOrDefault("read", 0L)))));
    v.put(
        "recent_median_bot_pct",
        previous.isEmpty()
            ? 0.0
            : round(
                median(previous, m -> pct(m.getOrDefault("bot", 0L), m.getOrDefault("read", 0L)))));
  }

  /** The median of a figure over some days (the mean of the two middle ones for an even count). */
  public static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
    double[] values = items.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** A share in per cent, to two decimals. */
  public static double pct(long part, long whole) {
    return whole == 0 ? 0 : round(100.0 * part / whole);
  }

  public static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
