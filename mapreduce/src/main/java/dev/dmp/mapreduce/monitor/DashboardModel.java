package dev.dmp.mapreduce.monitor;

import static dev.dmp.mapreduce.monitor.DashboardCells.addNumber;
import static dev.dmp.mapreduce.monitor.DashboardCells.cell;
import static dev.dmp.mapreduce.monitor.DashboardCells.chart;
import static dev.dmp.mapreduce.monitor.DashboardCells.fate;
import static dev.dmp.mapreduce.monitor.DashboardCells.number;
import static dev.dmp.mapreduce.monitor.DashboardCells.row;
import static dev.dmp.mapreduce.monitor.DashboardCells.section;
import static dev.dmp.mapreduce.monitor.DashboardCells.share;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.mapreduce.clean.CleanReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the daily page shows, as its template reads it: each section's rows of figures (a figure is
 * a cell with its name, exact value and the text people read) and the series its charts draw, which
 * go into the page as one JSON document.
 */
final class DashboardModel {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FATES =
      List.of("clean", "rejected", "duplicate", "bot", "opted_out");

  private final RunDate date;
  private final List<DayFigures> days;
  private final DayFigures today;
  private final List<DayFigures> window;
  private final List<Alert> alerts;
  private final ObjectNode data = JSON.createObjectNode();
  private final Map<String, Object> scope = new HashMap<>();

  /**
   * @param days the days read, oldest first, the last being {@code date}
   * @param shown how many of the last days the page shows (from the first that ran)
   */
  DashboardModel(RunDate date, List<DayFigures> days, List<Alert> alerts, int shown)
      throws IOException {
    this.date = date;
    this.days = days;
    this.today = days.get(days.size() - 1);
    this.alerts = alerts;
    if (!today.ran()) {
      throw new IOException("nothing has run for " + date + ": no clean report to show");
    }
    // The days shown, from the first that ran: a new platform's page does not open on a month of
    // empty days.
    int first = days.size() - shown;
    while (!days.get(first).ran()) {
      first++;
    }
    this.window = days.subList(first, days.size());
    data.put("date", date.toString());
    scope.put("date", date.toString());
    summary();
    history();
    rejects();
    sources();
    people();
    segments();
    DashboardReport.report(today, data, scope);
    DashboardReport.hours(today, data, scope);
    DashboardReport.minutes(today, data, scope);
    alertList();
  }

  /** The template's values. */
  Map<String, Object> scope() {
    return scope;
  }

  /** The charts' series, as JSON. */
  String json() throws JsonProcessingException {
    return JSON.writeValueAsString(data);
  }

  private void summary() {
    CleanReport c = today.clean();
    if (today.stoppedBy() != null) {
      scope.put("stopped", Map.of("stage", today.stoppedBy(), "reasons", today.stopReasons()));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row("read", List.of(cell("quality.read", c.read)), share(c.read, c.read)));
    for (String fate : FATES) {
      long n = fate(c, fate);
      rows.add(row(fate, List.of(cell("quality." + fate, n)), share(n, c.read)));
    }
    scope.put("summary", rows);
  }

  /** The fates of the days shown, and records read against the trailing 7-day median. */
  private void history() {
    ArrayNode labels = data.putArray("days");
    ObjectNode fates = data.putObject("fates");
    ArrayNode read = data.putArray("read");
    ArrayNode median = data.putArray("median");
    ArrayNode low = data.putArray("low");
    ArrayNode high = data.putArray("high");
    List<Map<String, Object>> rows = new ArrayList<>();
    int offset = days.size() - window.size();
    for (int i = 0; i < window.size(); i++) {
      DayFigures d = window.get(i);
      labels.add(d.date().toString());
      List<DayFigures> before =
          days.subList(Math.max(0, offset + i - AlertFigures.HISTORY_DAYS), offset + i).stream()
              .filter(DayFigures::ran)
              .toList();
      double[] reads = before.stream().mapToDouble(x -> x.clean().read).sorted().toArray();
      Double med = reads.length == 0 ? null : AlertFigures.median(before, x -> x.clean().read);
      addNumber(median, med);
      addNumber(low, reads.length == 0 ? null : reads[0]);
      addNumber(high, reads.length == 0 ? null : reads[reads.length - 1]);
      Map<String, Object> row = new HashMap<>();
      row.put("date", d.date().toString());
      row.put("ran", d.ran());
      row.put("span", FATES.size() + 2);
      rows.add(row);
      if (!d.ran()) {
        read.addNull();
        FATES.forEach(f -> fates.withArray(f).addNull());
        continue;
      }
      read.add(d.clean().read);
      List<Map<String, String>> cells = new ArrayList<>();
      cells.add(cell("days." + d.date() + ".read", d.clean().read));
      for (String f : FATES) {
        fates.withArray(f).add(fate(d.clean(), f));
        cells.add(cell("days." + d.date() + "." + f, fate(d.clean(), f)));
      }
      row.put("cells", cells);
      row.put("median", med == null ? "" : String.format(Locale.ROOT, "%,.0f", med));
    }
    scope.put(
        "history",
        Map.of(
            "title",
            window.size() == 1 ? "The first day" : "The last " + window.size() + " days",
            "charts",
            List.of(
                chart("fates", "Fates of the records of each day"),
                chart(
                    "volume",
                    "Records read against the previous 7 days (median, lowest to highest)")),
            "fates",
            FATES,
            "rows",
            rows));
  }

  /** The day's reject reasons. */
  private void rejects() {
    ObjectNode reasons = data.putObject("rejects");
    List<Map<String, Object>> rows = new ArrayList<>();
    today
        .clean()
        .rejected
        .forEach(
            (reason, n) -> {
              reasons.put(reason, n);
              rows.add(row(reason, List.of(cell("rejected." + reason, n)), null));
            });
    scope.put("rejects", section(chart("rejects", "Rejected records by reason"), rows));
  }

  /** Each source's fates and bot share. */
  private void sources() {
    ObjectNode bots = data.putObject("bots");
    List<Map<String, Object>> rows = new ArrayList<>();
    today
        .clean()
        .bySource
        .forEach(
            (source, f) -> {
              double share =
                  AlertFigures.pct(f.getOrDefault("bot", 0L), f.getOrDefault("read", 0L));
              bots.put(source, share);
              List<Map<String, String>> cells = new ArrayList<>();
              cells.add(cell("source." + source + ".read", f.getOrDefault("read", 0L)));
              for (String fate : FATES) {
                cells.add(cell("source." + source + "." + fate, f.getOrDefault(fate, 0L)));
              }
              rows.add(row(source, cells, String.format(Locale.ROOT, "%.2f %%", share)));
            });
    scope.put(
        "sources", section(chart("bots", "Share of each source's records from robots (%)"), rows));
  }

  /** People, new and merged OneIDs over the days shown. */
  private void people() {
    ArrayNode people = data.putArray("people");
    ArrayNode created = data.putArray("newOneids");
    ArrayNode merged = data.putArray("mergedOneids");
    if (window.stream().allMatch(d -> d.graph() == null)) {
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DayFigures d : window) {
      if (d.graph() == null) {
        people.addNull();
        created.addNull();
        merged.addNull();
        continue;
      }
      people.add(d.graph().components());
      created.add(d.graph().newOneids());
      merged.add(d.graph().mergedOneids());
      String key = "graph." + d.date() + ".";
      rows.add(
          row(
              d.date().toString(),
              List.of(
                  cell(key + "people", d.graph().components()),
                  cell(key + "new_oneids", d.graph().newOneids()),
                  cell(key + "merged_oneids", d.graph().mergedOneids())),
              null));
    }
    scope.put("people", section(chart("people", "People, new and merged OneIDs"), rows));
  }

  /** Each segment's members over the days shown. */
  private void segments() {
    TreeSet<String> names = new TreeSet<>();
    window.stream()
        .filter(d -> d.profile() != null)
        .forEach(d -> names.addAll(d.profile().segments().keySet()));
    ObjectNode sizes = data.putObject("segments");
    if (names.isEmpty()) {
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String name : names) {
      ArrayNode series = sizes.putArray(name);
      for (DayFigures d : window) {
        Long n = d.profile() == null ? null : d.profile().segments().get(name);
        addNumber(series, n == null ? null : n.doubleValue());
      }
      Long n = today.profile() == null ? null : today.profile().segments().get(name);
      rows.add(row(name, n == null ? List.of() : List.of(cell("segment." + name, n)), null));
    }
    scope.put("segments", section(chart("segments", "Members of each segment"), rows));
  }

  private void alertList() {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Alert a : alerts) {
      Map<String, String> row = new HashMap<>();
      row.put("id", a.id());
      row.put("severity", a.severity());
      row.put("time", a.hour() == null ? a.date() : String.format("%sT%02d", a.date(), a.hour()));
      row.put("rule", a.rule());
      row.put("subject", a.subject());
      row.put("value", a.value() == null ? "" : number(a.value()));
      row.put("threshold", a.threshold() == null ? "" : number(a.threshold()));
      row.put("message", a.message());
      rows.add(row);
    }
    scope.put("alerts", rows);
    scope.put("anyAlert", !rows.isEmpty());
  }
}
