package dev.dmp.mapreduce.monitor;

import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.mapreduce.clean.CleanReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The figures alert rules read (documented in {@code conf/alerts.properties}): a day's, a source's
 * day's or a source's hour's, each beside the median of the same figure over the previous seven
 * days that have it ({@code median_*}, with {@code history_days} saying how many). A figure the day
 * does not have is left out, and the rules that read it are not evaluated.
 */
final class AlertVariables {

  private AlertVariables() {}

  /** The whole day's figures; none when the clean stage has not run. */
  static Map<String, Object> day(DayFigures today, List<DayFigures> history) {
    Map<String, Object> v = new HashMap<>();
    if (!today.ran()) {
      return v;
    }
    CleanReport c = today.clean();
    AlertFigures.fates(v, c.read, c.clean, c.rejectedTotal, c.duplicate, c.bot, c.optedOut);
    List<DayFigures> ran = history.stream().filter(DayFigures::ran).toList();
    AlertFigures.medians(
        v,
        ran.stream()
            .map(DayFigures::clean)
            .map(r -> Map.of("read", r.read, "rejected", r.rejectedTotal, "bot", r.bot))
            .toList());
    String gate = today.stoppedBy();
    v.put("gate_stopped", gate != null);
    v.put("gate", gate == null ? "" : gate);
    v.put("gate_reasons", today.stopReasons());
    if (today.graph() != null) {
      v.put("people", today.graph().components());
      v.put("new_oneids", today.graph().newOneids());
      v.put("merged_oneids", today.graph().mergedOneids());
      putMedian(
          v,
          "median_new_oneids",
          history.stream().filter(d -> d.graph() != null).toList(),
          d -> d.graph().newOneids());
    }
    if (today.reported()) {
      v.put("events", today.reportTotal().events());
      v.put("revenue", AlertFigures.round(today.reportTotal().revenue()));
      putMedian(
          v,
          "median_revenue",
          history.stream().filter(DayFigures::reported).toList(),
          d -> d.reportTotal().revenue());
    }
    return v;
  }

  /** Each source's figures of the day, by source: the day's sources and its history's. */
  static Map<String, Map<String, Object>> sourceDays(DayFigures today, List<DayFigures> history) {
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    if (!today.ran()) {
      return out;
    }
    Set<String> sources = new TreeSet<>(today.clean().bySource.keySet());
    history.stream()
        .filter(DayFigures::ran)
        .forEach(d -> sources.addAll(d.clean().bySource.keySet()));
    for (String source : sources) {
      Map<String, Object> v = new HashMap<>();
      v.put("source", source);
      AlertFigures.sourceFates(v, today.clean().bySource.get(source));
      List<Map<String, Long>> previous = new ArrayList<>();
      for (DayFigures d : history) {
        if (d.ran()) {
          previous.add(d.clean().bySource.getOrDefault(source, Map.of()));
        }
      }
      AlertFigures.medians(v, previous);
      out.put(source, v);
    }
    return out;
  }

  /**
   * Each source's figures of one hour, by source: the sources of the day's hours up to this one and
   * of the same hour on the previous days. {@code silent_hours} counts the hours, this one and the
   * ones right before it that ran, in which the source sent nothing.
   */
  static Map<String, Map<String, Object>> sourceHours(
      DayFigures today, List<DayFigures> history, int hour) {
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    HourFigures now = today.hours().get(hour);
    if (now == null) {
      return out;
    }
    Set<String> sources = new TreeSet<>();
    today.hours().headMap(hour + 1).values().forEach(h -> sources.addAll(h.sources().keySet()));
    List<HourFigures> sameHour = new ArrayList<>();
    for (DayFigures d : history) {
      HourFigures h = d.hours().get(hour);
      if (h != null) {
        sameHour.add(h);
        sources.addAll(h.sources().keySet());
      }
    }
    for (String source : sources) {
      Map<String, Object> v = new HashMap<>();
      v.put("source", source);
      v.put("hour", hour);
      AlertFigures.sourceFates(v, now.sources().get(source));
      AlertFigures.medians(
          v, sameHour.stream().map(h -> h.sources().getOrDefault(source, Map.of())).toList());
      int silent = 0;
      for (int h = hour; h >= 0; h--) {
        HourFigures r = today.hours().get(h);
        if (r == null || r.sources().getOrDefault(source, Map.of()).getOrDefault("read", 0L) > 0) {
          break;
        }
        silent++;
      }
      v.put("silent_hours", silent);
      out.put(source, v);
    }
    return out;
  }

  private static void putMedian(
      Map<String, Object> v, String name, List<DayFigures> days, ToDoubleFunction<DayFigures> f) {
    if (!days.isEmpty()) {
      v.put(name, AlertFigures.round(AlertFigures.median(days, f)));
    }
  }
}
