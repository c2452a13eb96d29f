package dev.dmp.mapreduce.monitor;

import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.core.alerts.AlertRules;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's figures in the Prometheus text exposition format, for the node exporter's textfile
 * collector: {@code dmp_daily.prom} after a day, {@code dmp_hourly.prom} after an hour, written
 * whole and renamed into {@value #DIR} (when set) so that the collector never reads half a file,
 * and always beside the day's quality reports ({@code quality/dt=D/metrics-*.prom}). The gauges
 * describe the last run; the day or hour they are about is a gauge of its own, not a label, so that
 * the series do not grow with the days.
 */
final class PrometheusFile {

  /** A local directory the node exporter's textfile collector reads; empty for none. */
  static final String DIR = "dmp.metrics.textfile.dir";

  private final StringBuilder text = new StringBuilder();

  private PrometheusFile() {}

  /** Writes the figures of a day; returns the local file, or null when {@value #DIR} is unset. */
  static java.nio.file.Path writeDay(Configuration conf, DayFigures day, List<Alert> alerts)
      throws IOException {
    PrometheusFile p = new PrometheusFile();
    p.gauge(
        "dmp_daily_day_timestamp_seconds",
        "Start (UTC) of the day the dmp_daily_ figures are about.");
    p.sample("dmp_daily_day_timestamp_seconds", Map.of(), epoch(day.date(), 0));
    p.gauge("dmp_daily_written_timestamp_seconds", "When these figures were written.");
    p.sample("dmp_daily_written_timestamp_seconds", Map.of(), Instant.now().getEpochSecond());
    if (day.ran()) {
      CleanReport c = day.clean();
      p.gauge("dmp_daily_records", "Records of the day by fate (read is their sum).");
      fates(
          p,
          "dmp_daily_records",
          Map.of(),
          c.read,
          c.clean,
          c.rejectedTotal,
          c.duplicate,
          c.bot,
          c.optedOut);
      p.gauge("dmp_daily_source_records", "Records of the day by source and fate.");
      c.bySource.forEach(
          (source, f) ->
              f.forEach(
                  (fate, n) ->
                      p.sample(
                          "dmp_daily_source_records", Map.of("source", source, "fate", fate), n)));
      p.gauge("dmp_daily_rejected_records", "Rejected records of the day by reason.");
      c.rejected.forEach(
          (reason, n) -> p.sample("dmp_daily_rejected_records", Map.of("reason", reason), n));
    }
    p.gauge(
        "dmp_daily_gate_passed",
        "1 when the day passed the quality gate after the stage, 0 when it stopped there.");
    day.gatesPassed()
        .forEach(
            (stage, passed) ->
                p.sample("dmp_daily_gate_passed", Map.of("stage", stage), passed ? 1 : 0));
    if (day.graph() != null) {
      p.gauge("dmp_daily_people", "People (OneIDs) in the identity graph.");
      p.sample("dmp_daily_people", Map.of(), day.graph().components());
      p.gauge("dmp_daily_oneids_new", "OneIDs issued on the day.");
      p.sample("dmp_daily_oneids_new", Map.of(), day.graph().newOneids());
      p.gauge("dmp_daily_oneids_merged", "OneIDs retired into an older one on the day.");
      p.sample("dmp_daily_oneids_merged", Map.of(), day.graph().mergedOneids());
    }
    if (day.profile() != null) {
      p.gauge("dmp_daily_segment_members", "Members of each segment.");
      day.profile()
          .segments()
          .forEach((s, n) -> p.sample("dmp_daily_segment_members", Map.of("segment", s), n));
    }
    if (day.reported()) {
      p.gauge("dmp_daily_events", "Attributed events in the day's report.");
      p.sample("dmp_daily_events", Map.of(), day.reportTotal().events());
      p.gauge("dmp_daily_revenue", "Revenue in the day's report, in the reporting currency.");
      p.sample("dmp_daily_revenue", Map.of(), day.reportTotal().revenue());
    }
    p.gauge("dmp_daily_stage_seconds", "Seconds each stage of the day's chain took.");
    day.seconds()
        .forEach((stage, s) -> p.sample("dmp_daily_stage_seconds", Map.of("stage", stage), s));
    p.alerts("dmp_daily_alerts", alerts);
    return p.write(conf, day.date(), "daily");
  }

  /**
   * Writes the figures of one hour; returns the local file, or null when {@value #DIR} is unset.
   */
  static java.nio.file.Path writeHour(
      Configuration conf, DayFigures day, int hour, List<Alert> alerts) throws IOException {
    PrometheusFile p = new PrometheusFile();
    HourFigures h = day.hours().get(hour);
    p.gauge(
        "dmp_hourly_hour_timestamp_seconds",
        "Start (UTC) of the hour the dmp_hourly_ figures are about.");
    p.sample("dmp_hourly_hour_timestamp_seconds", Map.of(), epoch(day.date(), hour));
    p.gauge("dmp_hourly_written_timestamp_seconds", "When these figures were written.");
    p.sample("dmp_hourly_written_timestamp_seconds", Map.of(), Instant.now().getEpochSecond());
    if (h != null) {
      p.gauge("dmp_hourly_records", "Records of the hour by fate (read is their sum).");
      fates(
          p,
          "dmp_hourly_records",
          Map.of(),
          h.read(),
          h.clean(),
          h.rejected(),
          h.duplicate(),
          h.bot(),
          h.optedOut());
      if (!h.sources().isEmpty()) {
        p.gauge("dmp_hourly_source_records", "Records of the hour by source and fate.");
        h.sources()
            .forEach(
                (source, f) ->
                    f.forEach(
                        (fate, n) ->
                            p.sample(
                                "dmp_hourly_source_records",
                                Map.of("source", source, "fate", fate),
                                n)));
      }
      p.gauge("dmp_hourly_people", "People whose activity of the hour was written to HBase.");
      p.sample("dmp_hourly_people", Map.of(), h.people());
    }
    p.alerts("dmp_hourly_alerts", alerts);
    return p.write(conf, day.date(), String.format("hourly-%02d", hour));
  }

  private static void fates(
      PrometheusFile p,
      String name,
      Map<String, String> labels,
      long read,
      long clean,
      long rejected,
      long duplicate,
      long bot,
      long optedOut) {
    long[] values = {read, clean, rejected, duplicate, bot, optedOut};
    String[] fates = {"read", "clean", "rejected", "duplicate", "bot", "opted_out"};
    for (int i = 0; i < fates.length; i++) {
      Map<String, String> l = new java.util.TreeMap<>(labels);
      l.put("fate", fates[i]);
      p.sample(name, l, values[i]);
    }
  }

  private void alerts(String name, List<Alert> alerts) {
    gauge(name, "Alerts raised by the run, by severity.");
    for (String severity : AlertRules.SEVERITIES) {
      sample(
          name,
          Map.of("severity", severity),
          alerts.stream().filter(a -> a.severity().equals(severity)).count());
    }
  }

  private void gauge(String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
  }

  private void sample(String name, Map<String, String> labels, double value) {
    text.append(name);
    if (!labels.isEmpty()) {
      text.append('{');
      String sep = "";
      for (Map.Entry<String, String> l : new java.util.TreeMap<>(labels).entrySet()) {
        text.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
        sep = ",";
      }
      text.append('}');
    }
    text.append(' ');
    text.append(
        value == Math.rint(value) && Math.abs(value) < 1e15
            ? Long.toString((long) value)
            : String.format(Locale.ROOT, "%s", value));
    text.append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static long epoch(RunDate date, int hour) {
    return date.day().atStartOfDay(ZoneOffset.UTC).plusHours(hour).toEpochSecond();
  }

  private java.nio.file.Path write(Configuration conf, RunDate date, String name)
      throws IOException {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    DmpPaths paths = DmpPaths.of(conf);
    Path beside = new Path(paths.quality(date), "metrics-" + name + ".prom");
    FileSystem fs = beside.getFileSystem(conf);
    try (OutputStream out = fs.create(beside, true)) {
      out.write(bytes);
    }
    String dir = conf.getTrimmed(DIR, "");
    if (dir.isEmpty()) {
      return null;
    }
    String file = name.startsWith("hourly") ? "dmp_hourly.prom" : "dmp_daily.prom";
    java.nio.file.Path target = java.nio.file.Path.of(dir, file);
    Files.createDirectories(target.getParent());
    java.nio.file.Path tmp = java.nio.file.Path.of(dir, "." + file + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
