package dev.dmp.mapreduce.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.audience.ExportReport;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.stage.StageRunner;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp quality --date D [--json]}: the data-quality report of a day's clean run: read, clean,
 * rejected by reason, duplicate, bot, opted out, overall and per source.
 */
public class QualityTool extends DmpTool {

  public static final String NAME = "quality";

  public static void main(String[] args) throws Exception {
    main(new QualityTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--json]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day of the report").build())
        .addOption(Option.builder().longOpt("json").desc("print one JSON object").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    Path file = DmpPaths.of(getConf()).report(date, CleanJob.NAME);
    FileSystem fs = file.getFileSystem(getConf());
    if (!fs.exists(file)) {
      throw new DmpException("no quality report for " + date + " (" + file + "): run clean first");
    }
    ObjectMapper json = StageRunner.JSON;
    CleanReport report = StageRunner.read(getConf(), CleanJob.NAME, date, CleanReport.class);
    Map<String, Object> trend = trend(fs, date, report);
    com.fasterxml.jackson.databind.node.ObjectNode load = loadState(fs, date);
    if (cmd.hasOption("json")) {
      com.fasterxml.jackson.databind.node.ObjectNode doc = json.valueToTree(report);
      doc.set("compared", json.valueToTree(trend));
      doc.set("load", load);
      doc.set("exports", json.valueToTree(ExportReport.read(fs, DmpPaths.of(getConf()), date)));
      out.println(
          json.writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(doc));
    } else {
      print(report);
      printTrend(trend);
      printLoad(load, date);
      for (ExportReport e : ExportReport.read(fs, DmpPaths.of(getConf()), date)) {
        out.println("  " + e.summary());
      }
    }
    return OK;
  }

  /**
   * The day against the previous runs: the newest earlier day within a week, and the median of
   * records read over the previous seven days.
   */
  private Map<String, Object> trend(FileSystem fs, RunDate date, CleanReport today)
      throws java.io.IOException, DmpException {
    java.util.List<Long> reads = new java.util.ArrayList<>();
    Map<String, Object> trend = new java.util.LinkedHashMap<>();
    for (int back = 1; back <= 7; back++) {
      RunDate day = new RunDate(date.day().minusDays(back));
      Path file = DmpPaths.of(getConf()).report(day, CleanJob.NAME);
      if (!fs.exists(file)) {
        continue;
      }
      CleanReport r = StageRunner.read(getConf(), CleanJob.NAME, day, CleanReport.class);
      reads.add(r.read);
      if (!trend.containsKey("previous_date")) {
        trend.put("previous_date", day.toString());
        trend.put("previous_read", r.read);
        trend.put("read_change_pct", pct(today.read, r.read));
        trend.put("previous_reject_rate_pct", rate(r.rejectedTotal, r.read));
      }
    }
    trend.put("reject_rate_pct", rate(today.rejectedTotal, today.read));
    trend.put("days_compared", reads.size());
    if (!reads.isEmpty()) {
      double median = dev.dmp.core.quality.QualityGate.median(reads);
      trend.put("median_read_7d", median);
      trend.put("read_change_vs_median_pct", pct(today.read, median));
    }
    return trend;
  }

  /**
   * Whether the day is in HBase: {@code loaded} (with its cells), {@code half-loaded} (a load began
   * and did not finish: lookups may mix the day with the one before), or {@code not loaded}.
   */
  private com.fasterxml.jackson.databind.node.ObjectNode loadState(FileSystem fs, RunDate date)
      throws java.io.IOException {
    DmpPaths paths = DmpPaths.of(getConf());
    Path started = paths.report(date, LoadJob.STARTED_MARKER);
    Path loaded = paths.report(date, LoadJob.NAME);
    com.fasterxml.jackson.databind.node.ObjectNode state = StageRunner.JSON.createObjectNode();
    if (fs.exists(started)) {
      try (java.io.InputStream in = fs.open(started)) {
        state.put("state", "half-loaded");
        state.put("started", StageRunner.JSON.readTree(in).path("started").asText());
      }
    } else if (fs.exists(loaded)) {
      try (java.io.InputStream in = fs.open(loaded)) {
        state.put("state", "loaded");
        state.put("cells", StageRunner.JSON.readTree(in).path("cells").asLong());
      }
    } else {
      state.put("state", "not loaded");
    }
    return state;
  }

  private void printLoad(com.fasterxml.jackson.databind.node.ObjectNode load, RunDate date) {
    switch (load.get("state").asText()) {
      case "loaded" -> out.printf("  in HBase: loaded, %,d cells%n", load.get("cells").asLong());
      case "half-loaded" ->
          out.printf(
              "  in HBase: HALF-LOADED: a load began at %s and did not finish; lookups may mix %s"
                  + " with the day before until dmp load --date %s runs again%n",
              load.get("started").asText(), date, date);
      default -> out.println("  in HBase: not loaded");
    }
  }

  private static double pct(double now, double before) {
    return before == 0 ? 0 : Math.round(1000 * (now - before) / before) / 10.0;
  }

  private static double rate(long part, long whole) {
    return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
  }

  private void printTrend(Map<String, Object> t) {
    out.println();
    if (!t.containsKey("previous_date")) {
      out.println("  no earlier run within a week to compare with");
      return;
    }
    out.printf(
        "  against %s: read %,d (%+.1f %%), reject rate %.1f %% (was %.1f %%)%n",
        t.get("previous_date"),
        (Long) t.get("previous_read"),
        t.get("read_change_pct"),
        t.get("reject_rate_pct"),
        t.get("previous_reject_rate_pct"));
    out.printf(
        "  against the median of %d earlier day(s): %,.0f records read (%+.1f %%)%n",
        t.get("days_compared"), t.get("median_read_7d"), t.get("read_change_vs_median_pct"));
  }

  private void print(CleanReport r) {
    out.printf("quality of %s (clean stage)%n", r.date);
    out.printf("  %-16s %,12d%n", "read", r.read);
    line("clean", r.clean, r.read);
    line("rejected", r.rejectedTotal, r.read);
    for (Map.Entry<String, Long> e : r.rejected.entrySet()) {
      if (e.getValue() > 0) {
        out.printf("    %-14s %,12d%n", e.getKey(), e.getValue());
      }
    }
    line("duplicate", r.duplicate, r.read);
    line("bot", r.bot, r.read);
    line("opted_out", r.optedOut, r.read);
    out.printf("  %-16s %,12d%n", "dropped ids", r.droppedIds);
    out.printf("  %-16s %,12d%n", "scrubbed values", r.scrubbedValues);
    for (Map.Entry<String, Long> e : r.unrated.entrySet()) {
      out.printf(
          "  %-16s %,12d clean events with revenue in %s, which has no exchange rate%n",
          "unrated " + e.getKey(), e.getValue(), e.getKey());
    }
    out.printf(
        "%n  %-14s %10s %10s %9s %9s %9s %9s%n",
        "source", "read", "clean", "rejected", "duplicate", "bot", "opted_out");
    for (Map.Entry<String, Map<String, Long>> e : r.bySource.entrySet()) {
      Map<String, Long> f = e.getValue();
      out.printf(
          "  %-14s %,10d %,10d %,9d %,9d %,9d %,9d%n",
          e.getKey(),
          f.get("read"),
          f.get("clean"),
          f.get("rejected"),
          f.get("duplicate"),
          f.get("bot"),
          f.get("opted_out"));
    }
  }

  private void line(String label, long n, long read) {
    out.printf("  %-16s %,12d  %6.2f %%%n", label, n, read == 0 ? 0.0 : 100.0 * n / read);
  }
}
