package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.RunDate;
import dev.dmp.core.report.ReportAggregate;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.idgraph.GraphReport;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileReport;
import dev.dmp.mapreduce.report.Reports;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Everything the platform recorded about one day, read back from what the stages wrote: the clean
 * stage's fates, the graph's people, the profiles' segments, the gates' verdicts, the report's rows
 * and each hour's figures. What a stage has not written (a day the gate stopped has no graph) is
 * absent, never zero. The alerts, the daily page and the metrics all read a day through this class,
 * so that they show the same numbers as {@code dmp quality} and {@code dmp report}.
 */
public final class DayFigures {

  /** The stages of the daily chain whose reports record their seconds, in order. */
  public static final List<String> STAGES =
      List.of("clean", "idgraph", "attribute", "profile", "report", "load");

  /** The gates, in the order a day passes them. */
  public static final List<String> GATES = List.of("clean", "report");

  private final RunDate date;
  private final CleanReport clean;
  private final GraphReport graph;
  private final ProfileReport profile;
  private final Map<String, JsonNode> gates;
  private final SortedMap<Integer, HourFigures> hours;
  private final SortedMap<String, SortedMap<String, FeedMinute>> minutes;
  private final List<ReportRow> report;
  private final Map<String, Double> seconds;

  private DayFigures(
      RunDate date,
      CleanReport clean,
      GraphReport graph,
      ProfileReport profile,
      Map<String, JsonNode> gates,
      SortedMap<Integer, HourFigures> hours,
      SortedMap<String, SortedMap<String, FeedMinute>> minutes,
      List<ReportRow> report,
      Map<String, Double> seconds) {
    this.date = date;
    this.clean = clean;
    this.graph = graph;
    this.profile = profile;
    this.gates = gates;
    this.hours = hours;
    this.minutes = minutes;
    this.report = report;
    this.seconds = seconds;
  }

  /** What was recorded of {@code date}; empty figures when nothing ran that day. */
  public static DayFigures read(Configuration conf, RunDate date) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Map<String, JsonNode> gates = new TreeMap<>();
    for (String stage : GATES) {
      JsonNode verdict = readJson(fs, paths.report(date, "gate-" + stage), JsonNode.class);
      if (verdict != null) {
        gates.put(stage, verdict);
      }
    }
    SortedMap<Integer, HourFigures> hours = new TreeMap<>();
    for (int hour = 0; hour < 24; hour++) {
      HourFigures h =
          readJson(fs, paths.report(date, String.format("hourly-%02d", hour)), HourFigures.class);
      if (h != null) {
        hours.put(hour, h);
      }
    }
    Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    for (String stage : STAGES) {
      JsonNode r = readJson(fs, paths.report(date, stage), JsonNode.class);
      if (r != null && r.has("seconds")) {
        seconds.put(stage, r.get("seconds").asDouble());
      }
    }
    List<ReportRow> rows =
        fs.exists(paths.reports(date))
            ? AvroFiles.read(conf, paths.reports(date), ReportRow.class)
            : List.of();
    return new DayFigures(
        date,
        readJson(fs, paths.report(date, CleanJob.NAME), CleanReport.class),
        readJson(fs, paths.report(date, IdGraphJob.NAME), GraphReport.class),
        readJson(fs, paths.report(date, ProfileJob.NAME), ProfileReport.class),
        gates,
        hours,
        minutes(fs, paths.streamMinutes(date)),
        rows,
        seconds);
  }

  /** Figures of the days {@code date - days + 1} to {@code date}, oldest first. */
  public static List<DayFigures> readDays(Configuration conf, RunDate date, int days)
      throws IOException {
    List<DayFigures> out = new ArrayList<>();
    for (int back = days - 1; back >= 0; back--) {
      out.add(read(conf, new RunDate(date.day().minusDays(back))));
    }
    return out;
  }

  /**
   * The minutes the stream job closed, by feed and minute; the files of a checkpoint not completed
   * yet (hidden, their names begin with a dot) are not read. A minute closed twice (a late record
   * after a restart) keeps its last line.
   */
  private static SortedMap<String, SortedMap<String, FeedMinute>> minutes(FileSystem fs, Path dir)
      throws IOException {
    SortedMap<String, SortedMap<String, FeedMinute>> out = new TreeMap<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (!f.isFile() || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      try (InputStream in = fs.open(f.getPath());
          java.io.BufferedReader lines =
              new java.io.BufferedReader(
                  new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (!line.isBlank()) {
            FeedMinute m = StageRunner.JSON.readValue(line, FeedMinute.class);
            out.computeIfAbsent(m.feed(), k -> new TreeMap<>()).put(m.minute(), m);
          }
        }
      }
    }
    return out;
  }

  private static <T> T readJson(FileSystem fs, Path file, Class<T> type) throws IOException {
    if (!fs.exists(file)) {
      return null;
    }
    try (InputStream in = fs.open(file)) {
      return StageRunner.JSON.readValue(in, type);
    }
  }

  public RunDate date() {
    return date;
  }

  /** Whether the clean stage ran for the day. */
  public boolean ran() {
    return clean != null;
  }

  /** The clean stage's report; null when it has not run. */
  public CleanReport clean() {
    return clean;
  }

  /** The identity graph's report; null when idgraph has not run. */
  public GraphReport graph() {
    return graph;
  }

  /** The profile stage's report; null when it has not run. */
  public ProfileReport profile() {
    return profile;
  }

  /** Each hour's figures, by hour of the day. */
  public SortedMap<Integer, HourFigures> hours() {
    return Collections.unmodifiableSortedMap(hours);
  }

  /** The minutes the stream job closed for the day: feed to minute (ISO start) to figures. */
  public SortedMap<String, SortedMap<String, FeedMinute>> minutes() {
    return Collections.unmodifiableSortedMap(minutes);
  }

  /** Seconds each stage of the chain took, in the chain's order, for the stages that ran. */
  public Map<String, Double> seconds() {
    return Collections.unmodifiableMap(seconds);
  }

  /** Whether the report stage ran for the day. */
  public boolean reported() {
    return !report.isEmpty();
  }

  /** Each gate's verdict on the day, for the gates that judged it. */
  public Map<String, Boolean> gatesPassed() {
    Map<String, Boolean> out = new java.util.LinkedHashMap<>();
    for (String stage : GATES) {
      if (gates.containsKey(stage)) {
        out.put(stage, gates.get(stage).path("passed").asBoolean(false));
      }
    }
    return out;
  }

  /** The first gate that stopped the day, or null when none did. */
  public String stoppedBy() {
    for (String stage : GATES) {
      JsonNode verdict = gates.get(stage);
      if (verdict != null && !verdict.path("passed").asBoolean(true)) {
        return stage;
      }
    }
    return null;
  }

  /** The reasons of the gate that stopped the day, on one line; empty when none did. */
  public String stopReasons() {
    String stage = stoppedBy();
    if (stage == null) {
      return "";
    }
    List<String> reasons = new ArrayList<>();
    gates.get(stage).path("failures").forEach(f -> reasons.add(f.asText()));
    return String.join("; ", reasons);
  }

  /** The report's rows over all campaigns, merged by {@code key} (source, event type, ...). */
  public SortedMap<String, ReportAggregate> reportBy(Function<ReportRow, String> key) {
    SortedMap<String, ReportAggregate> out = new TreeMap<>();
    for (ReportRow row : report) {
      if (row.getCampaign().equals(Reports.ALL_CAMPAIGNS)) {
        out.computeIfAbsent(key.apply(row), k -> new ReportAggregate()).add(row);
      }
    }
    return out;
  }

  /** The report's rows of real campaigns, merged by campaign over sources and event types. */
  public SortedMap<String, ReportAggregate> reportByCampaign() {
    SortedMap<String, ReportAggregate> out = new TreeMap<>();
    for (ReportRow row : report) {
      String c = row.getCampaign();
      if (!c.equals(Reports.ALL_CAMPAIGNS) && !c.equals(Reports.NO_CAMPAIGN)) {
        out.computeIfAbsent(c, k -> new ReportAggregate()).add(row);
      }
    }
    return out;
  }

  /** The whole day of the report: every source and event type. */
  public ReportAggregate reportTotal() {
    return reportBy(r -> "").getOrDefault("", new ReportAggregate());
  }
}
