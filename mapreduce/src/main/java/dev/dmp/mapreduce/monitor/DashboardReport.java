package dev.dmp.mapreduce.monitor;

import static dev.dmp.mapreduce.monitor.DashboardCells.cell;
import static dev.dmp.mapreduce.monitor.DashboardCells.chart;
import static dev.dmp.mapreduce.monitor.DashboardCells.row;
import static dev.dmp.mapreduce.monitor.DashboardCells.section;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.report.ReportAggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.datasketches.hll.HllSketch;

/** The daily page's report and hours: the day's aggregates and what each hour's run counted. */
final class DashboardReport {

  /** Campaigns shown, by events. */
  static final int TOP_CAMPAIGNS = 10;

  private DashboardReport() {}

  /** The day's report by source, event type and top campaigns, people with their 95 % bounds. */
  static void report(DayFigures today, ObjectNode data, Map<String, Object> scope) {
    ObjectNode report = data.putObject("report");
    if (!today.reported()) {
      return;
    }
    Map<String, ReportAggregate> top = new LinkedHashMap<>();
    today.reportByCampaign().entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                    (Map.Entry<String, ReportAggregate> e) -> -e.getValue().events())
                .thenComparing(Map.Entry::getKey))
        .limit(TOP_CAMPAIGNS)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    scope.put(
        "report",
        List.of(
            reportTable(report, "source", "By source", today.reportBy(r -> r.getSource())),
            reportTable(
                report, "event_type", "By event type", today.reportBy(r -> r.getEventType())),
            reportTable(report, "campaign", "Top " + TOP_CAMPAIGNS + " campaigns by events", top),
            reportTable(report, "total", "The whole day", Map.of("all", today.reportTotal()))));
  }

  private static Map<String, Object> reportTable(
      ObjectNode report, String by, String title, Map<String, ReportAggregate> rows) {
    ArrayNode series = report.putArray(by);
    List<Map<String, Object>> out = new ArrayList<>();
    rows.forEach(
        (key, agg) -> {
          HllSketch s = agg.sketch();
          long people = Math.round(s.getEstimate());
          long low = Math.round(s.getLowerBound(2));
          long high = Math.round(s.getUpperBound(2));
          series
              .addObject()
              .put("key", key)
              .put("events", agg.events())
              .put("revenue", agg.revenue())
              .put("people", people)
              .put("low", low)
              .put("high", high);
          String f = "report." + by + "." + key + ".";
          out.add(
              row(
                  key,
                  List.of(
                      cell(f + "events", agg.events()),
                      cell(
                          f + "revenue",
                          Double.toString(agg.revenue()),
                          String.format(Locale.ROOT, "%,.2f", agg.revenue())),
                      cell(f + "people", people),
                      cell(
                          f + "bounds",
                          low + ".." + high,
                          String.format(Locale.ROOT, "%,d..%,d", low, high))),
                  null));
        });
    Map<String, Object> table = new HashMap<>();
    table.put("by", by);
    table.put("title", title);
    table.put("rows", out);
    table.put(
        "currency",
        rows.values().stream()
            .map(ReportAggregate::currency)
            .filter(Objects::nonNull)
            .findFirst()
            .map(c -> " (" + c + ")")
            .orElse(""));
    table.put(
        "chart",
        by.equals("total") ? false : chart("report-" + by, title + ": events and unique people"));
    return table;
  }

  /** The day's hours: each source's records, and what each hour's run counted. */
  static void hours(DayFigures today, ObjectNode data, Map<String, Object> scope) {
    ObjectNode hours = data.putObject("hours");
    if (today.hours().isEmpty()) {
      return;
    }
    TreeSet<String> sources = new TreeSet<>();
    today.hours().values().forEach(h -> sources.addAll(h.sources().keySet()));
    ArrayNode labels = hours.putArray("hours");
    ObjectNode bySource = hours.putObject("sources");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<Integer, HourFigures> e : today.hours().entrySet()) {
      HourFigures h = e.getValue();
      String hour = String.format("%02d", e.getKey());
      labels.add(hour);
      for (String s : sources) {
        Map<String, Long> f = h.sources().get(s);
        bySource.withArray(s).add(f == null ? 0L : f.getOrDefault("read", 0L));
      }
      String k = "hour." + hour + ".";
      rows.add(
          row(
              hour,
              List.of(
                  cell(k + "read", h.read()),
                  cell(k + "clean", h.clean()),
                  cell(k + "rejected", h.rejected()),
                  cell(k + "bot", h.bot()),
                  cell(k + "attributed", h.attributed()),
                  cell(k + "people", h.people())),
              null));
    }
    scope.put("hours", section(chart("hours", "Records of each hour, by source"), rows));
  }

  /**
   * The minutes the stream job closed for the day: each feed's records per minute (the chart), and
   * per feed its minutes, records, rejects, robots, revenue, busiest minute and longest silence.
   */
  static void minutes(DayFigures today, ObjectNode data, Map<String, Object> scope) {
    ObjectNode node = data.putObject("minutes");
    if (today.minutes().isEmpty()) {
      return;
    }
    TreeSet<String> all = new TreeSet<>();
    today.minutes().values().forEach(m -> all.addAll(m.keySet()));
    ArrayNode labels = node.putArray("minutes");
    all.forEach(m -> labels.add(m.substring(11, 16)));
    ObjectNode bySource = node.putObject("sources");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, java.util.SortedMap<String, FeedMinute>> e :
        today.minutes().entrySet()) {
      String feed = e.getKey();
      ArrayNode series = bySource.putArray(feed);
      for (String minute : all) {
        FeedMinute m = e.getValue().get(minute);
        if (m == null) {
          series.addNull();
        } else {
          series.add(m.count("read"));
        }
      }
      long read = 0;
      long rejected = 0;
      long bot = 0;
      double revenue = 0;
      FeedMinute busiest = null;
      int silence = 0;
      int longest = 0;
      for (FeedMinute m : e.getValue().values()) {
        read += m.count("read");
        rejected += m.count("rejected");
        bot += m.count("bot");
        revenue += m.revenue();
        if (busiest == null || m.count("read") > busiest.count("read")) {
          busiest = m;
        }
        silence = m.count("read") == 0 ? silence + 1 : 0;
        longest = Math.max(longest, silence);
      }
      String k = "minute." + feed + ".";
      rows.add(
          row(
              feed,
              List.of(
                  cell(k + "minutes", e.getValue().size()),
                  cell(k + "read", read),
                  cell(k + "rejected", rejected),
                  cell(k + "bot", bot),
                  cell(
                      k + "revenue",
                      Double.toString(revenue),
                      String.format(Locale.ROOT, "%,.2f", revenue)),
                  cell(
                      k + "busiest",
                      busiest.minute(),
                      busiest.minute().substring(11, 16) + " (" + busiest.count("read") + ")"),
                  cell(k + "longest_silence", longest)),
              null));
    }
    scope.put("minutes", section(chart("minutes", "Records of each minute, by feed"), rows));
  }
}
