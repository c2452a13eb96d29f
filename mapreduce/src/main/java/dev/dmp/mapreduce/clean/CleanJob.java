package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.mapreduce.common.DailyTool;
import dev.dmp.mapreduce.common.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.StagedOutput;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * The clean stage: {@code dmp clean --date D}. Reads the day's raw zone and writes clean events,
 * rejects with reasons, and the identifier links of opted-out events; fails, publishing nothing,
 * when the fates do not reconcile. Outputs are staged and then replace the day's previous ones, so
 * a rerun is safe.
 */
public class CleanJob extends DailyTool {

  public static final String NAME = "clean";

  /** The day being cleaned, YYYY-MM-DD (set by the tool). */
  public static final String DATE = "dmp.clean.date";

  /** How many hours before the day an event may have happened and still be accepted. */
  public static final String LATE_HOURS = "dmp.clean.late.hours";

  public static final int DEFAULT_LATE_HOURS = 48;

  /** How many minutes after the day's end an event time is accepted (device clock skew). */
  public static final String SKEW_MINUTES = "dmp.clean.skew.minutes";

  public static final int DEFAULT_SKEW_MINUTES = 15;

  /** Records over this many bytes are rejected as OVERSIZED. */
  public static final String MAX_RECORD_BYTES = "dmp.clean.max.record.bytes";

  public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;

  /** Currency of revenue sent without one (ISO-4217). */
  public static final String DEFAULT_CURRENCY = "dmp.clean.default.currency";

  /** Distinct user agents whose classification each task keeps. */
  public static final String UA_CACHE_SIZE = "dmp.clean.ua.cache.size";

  /** Number of reduce tasks; by default from the raw input's size ({@link Jobs#reduceTasks}). */
  public static final String REDUCE_TASKS = "dmp.clean.reduce.tasks";

  /** Named output of quarantined records. */
  public static final String REJECTS = "rejects";

  /** Named output of the identifier links of opted-out events. */
  public static final String LINKS = "links";

  /** The quality report file in the day's quality directory. */
  public static final String REPORT_FILE = "clean.json";

  public static void main(String[] args) throws Exception {
    main(new CleanJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The run settings of the day in {@value #DATE}. */
  public static EventCleaner.Settings settings(Configuration conf) {
    String date = conf.get(DATE);
    if (date == null) {
      throw new IllegalStateException(DATE + " is not set");
    }
    RunDate day = new RunDate(LocalDate.parse(date));
    return new EventCleaner.Settings(
        day.startMillis() - conf.getInt(LATE_HOURS, DEFAULT_LATE_HOURS) * 3_600_000L,
        day.endMillis() + conf.getInt(SKEW_MINUTES, DEFAULT_SKEW_MINUTES) * 60_000L,
        conf.getInt(MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_BYTES),
        conf.get(DEFAULT_CURRENCY, "CNY"));
  }

  /** The job that cleans {@code input} (a raw day, read recursively) into {@code output}. */
  public static Job configure(Configuration base, RunDate date, Path input, Path output)
      throws IOException {
    Job job = Job.getInstance(base, "dmp-clean " + date);
    job.setJarByClass(CleanJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(DATE, date.toString());
    conf.setInt("mapreduce.job.counters.max", 1000);
    conf.setBoolean("mapreduce.map.output.compress", true);
    conf.setClass("mapreduce.map.output.compress.codec", SnappyCodec.class, SnappyCodec.class);

    // Specific records all the way, shuffle included (the default data model is reflection).
    AvroJob.setDataModelClass(job, SpecificData.class);
    job.setInputFormatClass(AvroKeyInputFormat.class);
    AvroJob.setInputKeySchema(job, RawRecord.getClassSchema());
    FileInputFormat.setInputDirRecursive(job, true);
    FileInputFormat.addInputPath(job, input);

    job.setMapperClass(CleanMapper.class);
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, CleanEvent.getClassSchema());
    job.setPartitionerClass(EventIdPartitioner.class);
    job.setReducerClass(DedupReducer.class);
    job.setNumReduceTasks(Jobs.reduceTasks(conf, REDUCE_TASKS, input));

    job.setOutputFormatClass(AvroKeyOutputFormat.class);
    AvroJob.setOutputKeySchema(job, CleanEvent.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(
        job, REJECTS, AvroKeyOutputFormat.class, RejectRecord.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(
        job, LINKS, AvroKeyOutputFormat.class, IdLink.getClassSchema());
    AvroMultipleOutputs.setCountersEnabled(job, false);
    FileOutputFormat.setCompressOutput(job, true);
    conf.set(AvroJob.CONF_OUTPUT_CODEC, "snappy");
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }

  @Override
  protected int execute(RunDate date) throws Exception {
    CleanReport report = run(getConf(), date);
    out.printf(
        "clean %s: read %d, clean %d, rejected %d, duplicate %d, bot %d, opted out %d"
            + " (%.1f s, %.0f records/s)%n",
        date,
        report.read,
        report.clean,
        report.rejectedTotal,
        report.duplicate,
        report.bot,
        report.optedOut,
        report.seconds,
        report.read / Math.max(report.seconds, 1e-3));
    return OK;
  }

  /** Cleans one day and publishes its outputs; returns the reconciled report. */
  public static CleanReport run(Configuration conf, RunDate date)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    Path input = paths.rawDay(date);
    FileSystem fs = input.getFileSystem(conf);
    if (!fs.exists(input)) {
      throw new DmpException(
          "no raw data for " + date + ": " + input + " does not exist (run ingest first)");
    }
    Path staging = new Path(paths.tmp(), "clean-" + date + "-" + System.currentTimeMillis());
    try {
      CleanReport report = clean(conf, date, input, staging, date.toString());
      publish(fs, staging, paths, date);
      Jobs.writeReport(fs, paths, date, REPORT_FILE, report);
      return report;
    } finally {
      fs.delete(staging, true);
    }
  }

  /**
   * Runs the job that cleans {@code input} (all of a day or one hour of it) into {@code staging}
   * and checks that the fates reconcile; publishes nothing.
   *
   * @param what the data named in messages: {@code 2026-11-20}, {@code 2026-11-20 hour 09}
   */
  public static CleanReport clean(
      Configuration conf, RunDate date, Path input, Path staging, String what)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    long started = System.nanoTime();
    Job job = configure(conf, date, input, staging);
    Jobs.run(job);
    CleanReport report = CleanReport.fromCounters(date.toString(), job.getCounters());
    report.seconds = (System.nanoTime() - started) / 1e9;
    report.jobCounters = job.getCounters();
    String error =
        report.reconciliationError(
            job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
    if (error != null) {
      throw new DmpException(error + "; nothing was published for " + what);
    }
    return report;
  }

  private static void publish(FileSystem fs, Path staging, DmpPaths paths, RunDate date)
      throws IOException {
    Path rejects = new Path(staging, REJECTS);
    Path links = new Path(staging, LINKS);
    fs.mkdirs(rejects);
    fs.mkdirs(links);
    StagedOutput.mkdirsOwnerOnly(fs, paths.rejects(date).getParent());
    StagedOutput.commit(fs, rejects, paths.rejects(date));
    fs.setPermission(paths.rejects(date), StagedOutput.OWNER_ONLY);
    StagedOutput.commit(fs, links, paths.links(date));
    StagedOutput.commit(fs, staging, paths.clean(date));
  }
}
