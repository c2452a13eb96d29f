package dev.dmp.mapreduce.hourly;

import dev.dmp.avro.HourlyActivity;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DataPermissions;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.HeldLocks;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.JobSteps;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.MurmurPartitioner;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.common.Staging;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.monitor.Monitor;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The near-real-time path: {@code dmp hourly --date D --hour H}. Cleans the hour's raw partitions
 * ({@code raw/dt=D/hr=HH/}), attributes the clean events with the newest identity graph (the last
 * daily run's), sums each person's activity, and writes it into the person's profile row as the
 * hour's cells of the {@code h} family, so that lookups show today's activity within the hour.
 *
 * <p>Idempotent: the n-th run of an hour stamps its cells with the hour's first millisecond plus n
 * (derived from the run, not the wall clock), and deletes the cells of the previous run of the same
 * hour ({@code hourly/dt=D/hr=HH/}, read before it is replaced) up to the millisecond before. So a
 * re-run replaces the hour's figures, people who are no longer in the hour lose them, and nothing
 * is counted twice. The daily run stays the reference: its load masks the day's hourly cells (its
 * family-delete markers are stamped at the end of the day, see {@code CellVersion}), readers ignore
 * hourly cells of days up to the profile's {@code a:as_of}, and the family's time to live expires
 * them.
 *
 * <p>Within the hour, duplicates are removed as the daily clean does; a copy of an event re-sent in
 * a later hour is counted in both hours until the daily run replaces them. Events of people the
 * graph does not know yet (new identifiers) are counted as unattributed and shown once the daily
 * run has linked them. The hour's rejects are counted, not quarantined: the daily clean of the same
 * raw data quarantines them.
 *
 * <p>An hour that began more than the {@code h} family's time to live ago ({@link
 * DmpTables.Profile#HOURLY_TTL_SECONDS}) is not run: HBase would expire its cells as they are
 * written, and by then the daily run of its day is the reference. The command says so and succeeds,
 * so that a coordinator catching up after an outage moves past such hours at once.
 *
 * <p>After the hour, the alert rules of scope {@code source_hour} are evaluated on it and the
 * hour's figures written for Prometheus ({@link Monitor#afterHour}); their failure does not undo
 * the hour.
 */
public class HourlyJob extends DmpTool {

  public static final String NAME = "hourly";

  /** Reduce tasks of the activity job. */
  public static final String REDUCE_TASKS = "dmp.hourly.reduce.tasks";

  private static final String ACTIVITY = "activity";

  /** The run's version in the hour's published directory (ignored by input formats). */
  private static final String VERSION_FILE = "_version";

  public static void main(String[] args) throws Exception {
    main(new HourlyJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD --hour HH";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day").build())
        .addOption(Option.builder().longOpt("hour").hasArg().desc("hour of the day, 0-23").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    int hour = RunDate.parseHour(required(cmd, "hour"));
    if (expired(date, hour, System.currentTimeMillis())) {
      out.printf(
          "hourly %s hour %02d: nothing done: the hour began more than %d days ago, the time to"
              + " live of the profile's hourly family, so HBase would expire its cells as they are"
              + " written; the daily run of %s is the reference%n",
          date, hour, DmpTables.Profile.HOURLY_TTL_SECONDS / 86_400, date);
      return OK;
    }
    Alerts.rules(getConf()); // a rule that does not compile stops the hour before it runs
    long started = System.nanoTime();
    HourlyReport r = run(getConf(), date, hour, new JobRunner(out));
    out.printf(
        "hourly %s hour %02d: read %,d, clean %,d, attributed %,d (graph %s), %,d unattributed;"
            + " %,d people written, %,d cleared (%.1f s)%n",
        date,
        hour,
        r.read(),
        r.clean(),
        r.attributed(),
        r.graph(),
        r.unattributed(),
        r.people(),
        r.peopleCleared(),
        (System.nanoTime() - started) / 1e9);
    try {
      out.println(Monitor.afterHour(getConf(), date, hour));
    } catch (IOException e) {
      // The hour is written: its alerts are redone by the day's evaluation.
      err.println("dmp hourly: the hour's alerts could not be recorded: " + oneLine(e));
    }
    return OK;
  }

  /**
   * Whether the hour's cells would be expired by the {@code h} family's time to live at {@code
   * nowMillis}: they are stamped with the hour's first millisecond (plus the run's version).
   */
  public static boolean expired(RunDate date, int hour, long nowMillis) {
    return hourStart(date, hour) + DmpTables.Profile.HOURLY_TTL_SECONDS * 1000L <= nowMillis;
  }

  private static long hourStart(RunDate date, int hour) {
    return date.startMillis() + hour * 3_600_000L;
  }

  /** The job that sums the attributed events in {@code events} per person into {@code output}. */
  public static Job configureActivity(Configuration base, Path events, Path output)
      throws IOException {
    Job job = Jobs.newAvroJob(base, "dmp-hourly-" + ACTIVITY + " " + events, HourlyJob.class);
    job.setInputFormatClass(AvroInputs.AttributedEvents.class);
    FileInputFormat.addInputPath(job, events);
    job.setMapperClass(HourlyActivities.EventMapper.class);
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, HourlyActivity.getClassSchema());
    job.setCombinerClass(HourlyActivities.Combiner.class);
    job.setPartitionerClass(MurmurPartitioner.class);
    job.setReducerClass(HourlyActivities.SumReducer.class);
    job.setNumReduceTasks(job.getConfiguration().getInt(REDUCE_TASKS, 1));
    Jobs.avroOutput(job, HourlyActivity.getClassSchema(), output);
    return job;
  }

  /** Runs one hour into HBase and publishes its activity; returns the reconciled report. */
  public static HourlyReport run(Configuration conf, RunDate date, int hour, JobRunner jobs)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    try (HeldLocks locks = DayLock.acquireHour(conf, date, hour, NAME)) {
      Staging.removeDead(conf);
      return runHour(conf, date, hour, jobs);
    }
  }

  private static HourlyReport runHour(Configuration conf, RunDate date, int hour, JobRunner jobs)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    long started = System.nanoTime();
    String what = String.format("%s hour %02d", date, hour);
    String tag = String.format("%sT%02d", date, hour);
    JobSteps steps = (step, job) -> jobs.run(Jobs.name(job, NAME, step, tag));
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Path input = paths.rawHour(date, hour);
    if (!fs.exists(input)) {
      throw new DmpException(
          "no raw data for " + what + " (" + input + "): run ingest with --hour first");
    }
    IngestTool.requireComplete(fs, input);
    Path graph = IdGraphJob.newestGraph(fs, paths, date, true);
    if (graph == null) {
      throw new DmpException(
          "no identity graph on or before " + date + ": run the daily chain once first");
    }
    PathGuard guard = new PathGuard(fs, paths.base());
    DataPermissions.prepareBase(fs, paths, conf);
    Path staging = Staging.create(fs, paths, NAME, date, hour);
    try {
      Path cleaned = new Path(staging, "clean");
      Job cleanJob = CleanJob.configure(conf, date, input, cleaned);
      steps.run(CleanJob.NAME, cleanJob);
      CleanReport clean = CleanJob.reconciled(cleanJob, what);
      // The hour's rejects and opted-out links are the daily run's to keep: the daily clean
      // quarantines the same records and the daily graph takes the links.
      guard.delete(new Path(cleaned, CleanJob.REJECTS), true);
      guard.delete(new Path(cleaned, CleanJob.LINKS), true);
      Path attributedEvents = new Path(staging, "attributed");
      AttributeReport attributed =
          AttributeReport.reconciled(
              steps.run(
                  AttributeJob.NAME,
                  AttributeJob.configure(conf, cleaned, graph, attributedEvents)),
              what);

      Path activity = new Path(staging, ACTIVITY);
      Counters c = steps.run(ACTIVITY, configureActivity(conf, attributedEvents, activity));
      long events = c.findCounter(HourlyActivities.Counter.EVENTS).getValue();
      long counted = c.findCounter(HourlyActivities.Counter.COUNTED).getValue();
      if (events != attributed.attributed() || counted != events) {
        throw new DmpException(
            String.format(
                "counts do not reconcile: attributed %d, read by the activity job %d, counted %d;"
                    + " nothing was written for %s",
                attributed.attributed(), events, counted, what));
      }
      long people = c.findCounter(HourlyActivities.Counter.PEOPLE).getValue();
      Path published = paths.hourly(date, hour);
      long version = version(fs, published) + 1;
      long cleared =
          HourlyCells.write(conf, date, hour, published, activity, hourStart(date, hour) + version);
      try (OutputStream o = fs.create(new Path(activity, VERSION_FILE), true)) {
        o.write(Long.toString(version).getBytes(StandardCharsets.US_ASCII));
      }
      StagedOutput.commit(guard, activity, published);
      DataPermissions.restrict(fs, published, DataPermissions.DATASET, conf);
      HourlyReport report =
          HourlyReport.of(
              hour,
              clean,
              graph.getName().substring("dt=".length()),
              attributed,
              people,
              version,
              cleared);
      StageRunner.write(
          fs,
          paths.report(date, String.format("hourly-%02d", hour)),
          date,
          report,
          Math.round((System.nanoTime() - started) / 1e7) / 100.0);
      return report;
    } finally {
      guard.delete(staging, true);
    }
  }

  /** The version of the hour's published run, 0 when there is none. */
  private static long version(FileSystem fs, Path published) throws IOException {
    Path file = new Path(published, VERSION_FILE);
    if (!fs.exists(file)) {
      return 0;
    }
    try (InputStream in = fs.open(file)) {
      return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }
}
