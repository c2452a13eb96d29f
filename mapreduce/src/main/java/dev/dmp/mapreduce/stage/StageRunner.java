package dev.dmp.mapreduce.stage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DataPermissions;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.HeldLocks;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Runs stages, each on its partition of a day (the day, an hour, a segment's export), and owns
 * everything a stage would otherwise repeat:
 *
 * <ol>
 *   <li>checks the stage's inputs, failing with "no X for D (path): run Y first";
 *   <li>holds the day's {@link DayLock} (for an hour, the hour's too), so that one run at a time
 *       writes a day;
 *   <li>gives it a staging directory of its own under {@code tmp/} ({@link Staging}), deleted at
 *       the end either way, and removes what killed runs left there;
 *   <li>runs it, its jobs named, tagged and shown as they are submitted;
 *   <li>publishes what it named, every rename checked, empty named outputs as empty datasets;
 *   <li>times it, writes its report as {@code quality/dt=D/<report>.json} ({@link
 *       Stage#reportName}), and prints its line ({@link Stage#line}).
 * </ol>
 */
public final class StageRunner {

  /** Reads and writes the stages' reports: snake_case keys, indented, tolerant of new keys. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Configuration conf;
  private final PrintStream out;
  private final JobRunner jobs;

  /**
   * @param out where each job's submission and each stage's line are printed; null for nothing
   */
  public StageRunner(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
    this.jobs = new JobRunner(out);
  }

  /** A runner that prints nothing (tests, the benchmark's history). */
  public static StageRunner quiet(Configuration conf) {
    return new StageRunner(conf, null);
  }

  /** Hears of every job of every stage this runner runs. */
  public StageRunner listen(JobRunner.Listener listener) {
    jobs.listen(listener);
    return this;
  }

  /** Runs {@code stage} for {@code date} and publishes its outputs; returns its report. */
  public <R extends StageReport> R run(Stage<R> stage, RunDate date)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    long started = System.nanoTime();
    stage.checkSettings(conf);
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    String partition =
        stage.hour() < 0 ? date.toString() : String.format("%s hour %02d", date, stage.hour());
    for (Stage.Input in : stage.inputs(paths, date)) {
      if (!fs.exists(in.path())) {
        throw new DmpException(
            String.format(
                "no %s for %s (%s): run %s first", in.what(), partition, in.path(), in.producer()));
      }
    }
    int hour = stage.hour();
    try (HeldLocks locks =
        hour < 0
            ? DayLock.acquire(conf, Staging.lockName(date, -1), stage.name())
            : DayLock.acquireHour(conf, date, hour, stage.name())) {
      Staging.removeDead(conf);
      DataPermissions.prepareBase(fs, paths, conf);
      Path staging = Staging.create(fs, paths, stage.name(), date, hour);
      try {
        String tag = hour < 0 ? date.toString() : String.format("%sT%02d", date, hour);
        StageContext context =
            new StageContext(stage.name(), tag, conf, date, paths, fs, staging, jobs);
        R report = stage.run(context);
        context.publishAll(stage.outputs(paths, date));
        double seconds = Math.round((System.nanoTime() - started) / 1e7) / 100.0;
        Path reportFile = paths.report(date, stage.reportName());
        report.write(fs, reportFile, date, seconds);
        DataPermissions.restrict(fs, reportFile.getParent(), DataPermissions.DATASET, conf);
        DataPermissions.restrict(
            fs, reportFile.getParent().getParent(), DataPermissions.DATASET, conf);
        if (out != null) {
          out.println(stage.line(date, report, seconds));
        }
        return report;
      } finally {
        new PathGuard(fs, paths.base()).delete(staging, true);
      }
    }
  }

  /** Writes a report as {@code file}: the day, the report's fields, the seconds. */
  public static void write(FileSystem fs, Path file, RunDate date, Object report, double seconds)
      throws IOException {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("date", date.toString());
    doc.setAll((ObjectNode) JSON.valueToTree(report));
    doc.put("seconds", seconds);
    try (OutputStream o = fs.create(file, true)) {
      JSON.writeValue(o, doc);
    }
  }

  /** The report a stage wrote for {@code date}; fails naming the stage when there is none. */
  public static <R> R read(Configuration conf, String stage, RunDate date, Class<R> type)
      throws IOException, DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    Path file = paths.report(date, stage);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      throw new DmpException("no " + stage + " report for " + date + ": run " + stage + " first");
    }
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, type);
    }
  }
}
