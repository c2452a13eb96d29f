package dev.dmp.mapreduce.hourly;

import dev.dmp.avro.HourlyActivity;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.MurmurPartitioner;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.stage.Stage;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * One hour of {@code dmp hourly} as a stage of the {@link StageRunner}, which holds the day's and
 * the hour's locks, stages, checks the raw hour, publishes {@code hourly/dt=D/hr=HH/} and writes
 * {@code quality/dt=D/hourly-HH.json}: cleans the hour, attributes it with the newest graph, sums
 * each person's activity and writes it into HBase as the hour's cells ({@link HourlyJob} says how a
 * re-run replaces them).
 */
public final class HourlyStage implements Stage<HourlyReport> {

  /** Reduce tasks of the activity job. */
  public static final String REDUCE_TASKS = "dmp.hourly.reduce.tasks";

  private static final String ACTIVITY = "activity";

  /** The run's version in the hour's published directory (ignored by input formats). */
  private static final String VERSION_FILE = "_version";

  private final int hour;

  public HourlyStage(int hour) {
    this.hour = hour;
  }

  @Override
  public String name() {
    return HourlyJob.NAME;
  }

  @Override
  public int hour() {
    return hour;
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(new Input(paths.rawHour(date, hour), "raw data", "ingest with --hour"));
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.hourly(date, hour));
  }

  @Override
  public String line(RunDate date, HourlyReport report, double seconds) {
    return String.format("hourly %s hour %02d: %s (%.1f s)", date, hour, report.summary(), seconds);
  }

  /** The job that sums the attributed events in {@code events} per person into {@code output}. */
  public static Job configureActivity(Configuration base, Path events, Path output)
      throws IOException {
    Job job = Jobs.newAvroJob(base, "dmp-hourly-" + ACTIVITY + " " + events, HourlyStage.class);
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

  @Override
  public HourlyReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Configuration conf = context.conf();
    RunDate date = context.date();
    String what = String.format("%s hour %02d", date, hour);
    DmpPaths paths = context.paths();
    FileSystem fs = context.fs();
    Path input = paths.rawHour(date, hour);
    IngestTool.requireComplete(fs, input);
    Path graph = IdGraphJob.newestGraph(fs, paths, date, true);
    if (graph == null) {
      throw new DmpException(
          "no identity graph on or before " + date + ": run the daily chain once first");
    }
    Path cleaned = context.staged("clean");
    Job cleanJob = CleanJob.configure(conf, date, input, cleaned);
    context.run(CleanJob.NAME, cleanJob);
    CleanReport clean = CleanJob.reconciled(cleanJob, what);
    // The hour's rejects and opted-out links are the daily run's to keep: the daily clean
    // quarantines the same records and the daily graph takes the links.
    context.guard().delete(new Path(cleaned, CleanJob.REJECTS), true);
    context.guard().delete(new Path(cleaned, CleanJob.LINKS), true);
    Path attributedEvents = context.staged("attributed");
    AttributeReport attributed =
        AttributeReport.reconciled(
            context.run(
                AttributeJob.NAME, AttributeJob.configure(conf, cleaned, graph, attributedEvents)),
            what);

    Path activity = context.staged(ACTIVITY);
    Counters c = context.run(ACTIVITY, configureActivity(conf, attributedEvents, activity));
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
        HourlyCells.write(
            conf, date, hour, published, activity, HourlyJob.hourStart(date, hour) + version);
    try (OutputStream o = fs.create(new Path(activity, VERSION_FILE), true)) {
      o.write(Long.toString(version).getBytes(StandardCharsets.US_ASCII));
    }
    context.publish(activity, published);
    return HourlyReport.of(
        hour,
        clean,
        graph.getName().substring("dt=".length()),
        attributed,
        people,
        version,
        cleared);
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
