package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.FateCount;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.DmpException;
import dev.dmp.core.PiiScrubber;
import dev.dmp.core.RunDate;
import dev.dmp.core.clean.EventCleaner;
import dev.dmp.core.money.ExchangeRates;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpSpecificData;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.money.RatesFiles;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The clean stage: {@code dmp clean --date D}. Reads the day's raw zone and writes clean events,
 * rejects with reasons, and the identifier links of opted-out events; fails, publishing nothing,
 * when the fates do not reconcile. Outputs are staged and then replace the day's previous ones, so
 * a rerun is safe.
 */
public class CleanJob extends StageTool<CleanReport> {

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

  /**
   * Records of one map task whose cleaning throws that are quarantined as BAD_VALUE rejects before
   * the task fails.
   */
  public static final String MAX_UNPROCESSABLE = "dmp.clean.max.unprocessable";

  public static final int DEFAULT_MAX_UNPROCESSABLE = 100;

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

  /**
   * The day's exchange rates as the driver read them ({@link ExchangeRates#encode}), for the tasks:
   * set by {@link #configure}, not a setting.
   */
  static final String RATES = "dmp.clean.rates.resolved";

  /** Counter group of the events whose revenue has no rate that day: currency to events. */
  public static final String UNRATED = "dmp.clean.unrated";

  /** Staged directory of the day's counts by source and fate (FateCount). */
  static final String FATES = "fates";

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
    return settings(
        conf,
        new RunDate(LocalDate.parse(date)),
        ExchangeRates.decode(conf.get(RATES, ExchangeRates.DEFAULT_REPORT_CURRENCY + ";")));
  }

  /** The settings of cleaning {@code day}'s records with its exchange rates (the stream's too). */
  public static EventCleaner.Settings settings(
      Configuration conf, RunDate day, ExchangeRates rates) {
    return new EventCleaner.Settings(
        day.startMillis() - conf.getInt(LATE_HOURS, DEFAULT_LATE_HOURS) * 3_600_000L,
        day.endMillis() + conf.getInt(SKEW_MINUTES, DEFAULT_SKEW_MINUTES) * 60_000L,
        conf.getInt(MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_BYTES),
        conf.get(DEFAULT_CURRENCY, "CNY"),
        rates,
        Set.copyOf(
            conf.getTrimmedStringCollection(PiiScrubber.KEEP_PARAMS).stream()
                .map(s -> s.toLowerCase(java.util.Locale.ROOT))
                .toList()));
  }

  /** The job that cleans {@code input} (a raw day, read recursively) into {@code output}. */
  public static Job configure(Configuration base, RunDate date, Path input, Path output)
      throws IOException {
    Job job = Job.getInstance(base, "dmp-clean " + date);
    job.setJarByClass(CleanJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(DATE, date.toString());
    try {
      conf.set(RATES, RatesFiles.of(conf, date).encode());
    } catch (DmpException e) {
      throw new IOException(e.getMessage(), e);
    }
    conf.setInt("mapreduce.job.counters.max", 1000);
    conf.setBoolean("mapreduce.map.output.compress", true);
    conf.setClass("mapreduce.map.output.compress.codec", SnappyCodec.class, SnappyCodec.class);

    // Specific records all the way, shuffle included (the default data model is reflection).
    AvroJob.setDataModelClass(job, DmpSpecificData.class);
    job.setInputFormatClass(AvroKeyInputFormat.class);
    AvroJob.setInputKeySchema(job, RawRecord.getClassSchema());
    FileInputFormat.setInputDirRecursive(job, true);
    FileInputFormat.addInputPath(job, input);

    job.setMapperClass(CleanMapper.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setPartitionerClass(EventIdPartitioner.class);
    job.setReducerClass(DedupReducer.class);
    job.setNumReduceTasks(Jobs.reduceTasks(conf, REDUCE_TASKS, input));

    // The reducer writes the events' bytes as the map encoded them (EncodedEvents).
    Jobs.encodedAvroOutput(job, CleanEvent.getClassSchema(), output);
    AvroMultipleOutputs.addNamedOutput(
        job, REJECTS, AvroKeyOutputFormat.class, RejectRecord.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(
        job, LINKS, AvroKeyOutputFormat.class, IdLink.getClassSchema());
    return job;
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.rejects(date), paths.links(date), paths.clean(date), paths.fates(date));
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(new Input(paths.rawDay(date), "raw data", "ingest"));
  }

  /** Cleans the day into the staging directory and names its three datasets to publish. */
  @Override
  public CleanReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    Path cleaned = context.staged(NAME);
    IngestTool.requireComplete(context.fs(), paths.rawDay(date));
    Job job = configure(context.conf(), date, paths.rawDay(date), cleaned);
    context.run(null, job);
    CleanReport report = reconciled(job, date.toString());
    context.publishOwnerOnly(new Path(cleaned, REJECTS), paths.rejects(date));
    context.publishNamed(new Path(cleaned, LINKS), paths.links(date));
    context.publish(cleaned, paths.clean(date));
    Path fates = context.staged(FATES);
    AvroFiles.write(
        context.conf(),
        new Path(fates, "part-00000.avro"),
        report.fateCounts(),
        FateCount.getClassSchema());
    context.publish(fates, paths.fates(date));
    return report;
  }

  /**
   * The report of a finished clean job (all of a day or one hour of it), checked: every record read
   * has exactly one fate, or the run fails and nothing is published.
   *
   * @param what the data named in messages: {@code 2026-11-20}, {@code 2026-11-20 hour 09}
   */
  public static CleanReport reconciled(Job job, String what) throws IOException, DmpException {
    Configuration conf = job.getConfiguration();
    CleanReport report = CleanReport.fromCounters(conf.get(DATE), job.getCounters());
    report.jobCounters = job.getCounters();
    String error =
        report.reconciliationError(
            job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
    if (error != null) {
      throw new DmpException(error + "; nothing was published for " + what);
    }
    return report;
  }
}
