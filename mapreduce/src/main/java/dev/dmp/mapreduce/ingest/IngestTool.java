package dev.dmp.mapreduce.ingest;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.HeldLocks;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.common.Staging;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;

/**
 * {@code dmp ingest --date D [--hour H] [--feed NAME] FILE|DIR...}: lands JSON Lines (plain or
 * gzip) and Avro files in the raw zone, losslessly and idempotently (see {@link RawFileIngester}).
 * Small inputs are written directly; when the input exceeds {@value #MAPREDUCE_MIN_BYTES} bytes a
 * map-only job lands the files in parallel, one file per map task.
 */
public class IngestTool extends DmpTool {

  public static final String NAME = "ingest";

  /** Records longer than this many bytes are kept cut to it (clean rejects them as OVERSIZED). */
  public static final String MAX_RECORD_BYTES = "dmp.ingest.max.record.bytes";

  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  /** Total input size from which ingest runs as a MapReduce job rather than in the client. */
  public static final String MAPREDUCE_MIN_BYTES = "dmp.ingest.mapreduce.min.bytes";

  public static final long DEFAULT_MAPREDUCE_MIN_BYTES = 256L << 20;

  static final String JOB_DAY = "dmp.ingest.job.day";
  static final String JOB_PARTITION = "dmp.ingest.job.partition";
  static final String JOB_FEED = "dmp.ingest.job.feed";
  static final String JOB_RECEIVED_AT = "dmp.ingest.job.received.at";

  private static final Pattern FEED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** The flag of a raw partition whose last ingest finished. */
  public static final String SUCCESS = "_SUCCESS";

  /**
   * Fails naming the first raw partition below {@code dir} whose ingest did not finish (data files
   * without {@value #SUCCESS}): its records would otherwise reach clean as if the feed were whole.
   */
  public static void requireComplete(FileSystem fs, Path dir) throws IOException, DmpException {
    boolean hasData = false;
    for (FileStatus entry : fs.listStatus(dir)) {
      String name = entry.getPath().getName();
      if (entry.isDirectory()) {
        requireComplete(fs, entry.getPath());
      } else if (!name.startsWith("_") && !name.startsWith(".")) {
        hasData = true;
      }
    }
    if (hasData && !fs.exists(new Path(dir, SUCCESS))) {
      throw new DmpException(
          "raw partition "
              + dir
              + " is incomplete: its ingest did not finish (no "
              + SUCCESS
              + "); run that ingest again, which lands only the files still missing");
    }
  }

  public static int getMaxRecordBytes(Configuration conf) {
    return conf.getInt(MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_BYTES);
  }

  public static void main(String[] args) throws Exception {
    main(new IngestTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--hour HH] [--feed NAME] FILE|DIR...";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day of the batch").build())
        .addOption(
            Option.builder().longOpt("hour").hasArg().desc("hour of the batch, 0-23").build())
        .addOption(
            Option.builder()
                .longOpt("feed")
                .hasArg()
                .desc("name of the feed (default collector)")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    String hourOption = cmd.getOptionValue("hour");
    int hour = hourOption == null ? -1 : RunDate.parseHour(hourOption);
    String feed = cmd.getOptionValue("feed", "collector");
    if (!FEED.matcher(feed).matches()) {
      throw new UsageException("--feed '" + feed + "' must be a lower-case word ([a-z0-9_-])");
    }
    if (cmd.getArgList().isEmpty()) {
      throw new UsageException("no input given");
    }
    Configuration conf = getConf();
    List<Path> inputs = new ArrayList<>();
    for (String arg : cmd.getArgList()) {
      inputs.addAll(RawFileIngester.expand(conf, new Path(arg)));
    }
    // A day's (or an hour's) raw data changes only while no run or erasure of it is going on.
    try (HeldLocks locks =
        hour < 0
            ? DayLock.acquire(conf, Staging.lockName(date, -1), NAME)
            : DayLock.acquireHour(conf, date, hour, NAME)) {
      return ingest(conf, inputs, date, hour, feed);
    }
  }

  private int ingest(Configuration conf, List<Path> inputs, RunDate date, int hour, String feed)
      throws IOException, DmpException, InterruptedException, ClassNotFoundException {
    DmpPaths paths = DmpPaths.of(conf);
    Path day = paths.rawDay(date);
    Path partition = paths.rawPartition(date, hour, feed);
    FileSystem fs = partition.getFileSystem(conf);
    StagedOutput.mkdirsOwnerOnly(fs, paths.raw());
    fs.mkdirs(partition);
    // The partition is incomplete until every file has landed: clean refuses it meanwhile.
    PathGuard.of(conf).delete(new Path(partition, SUCCESS), false);
    long receivedAt = System.currentTimeMillis();
    long total = 0;
    for (Path p : inputs) {
      total += p.getFileSystem(conf).getFileStatus(p).getLen();
    }
    long started = System.nanoTime();
    long[] counts =
        total >= conf.getLong(MAPREDUCE_MIN_BYTES, DEFAULT_MAPREDUCE_MIN_BYTES)
            ? viaMapReduce(
                inputs,
                day,
                partition,
                feed,
                receivedAt,
                hour < 0 ? date.toString() : String.format("%sT%02d", date, hour))
            : direct(inputs, day, partition, feed, receivedAt);
    fs.create(new Path(partition, SUCCESS), true).close();
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(
        "ingested %d file(s), %d already present; %d records (%d unreadable stretches) into %s"
            + " in %.1f s (%.0f records/s)%n",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        partition,
        seconds,
        counts[2] / Math.max(seconds, 1e-3));
    return OK;
  }

  private long[] direct(List<Path> inputs, Path day, Path partition, String feed, long receivedAt)
      throws IOException, DmpException {
    RawFileIngester ingester = new RawFileIngester(getConf(), getMaxRecordBytes(getConf()));
    long[] counts = new long[4];
    for (Path input : inputs) {
      RawFileIngester.Outcome o = ingester.ingest(input, day, partition, feed, receivedAt);
      if (o.alreadyIngested()) {
        counts[1]++;
        out.println("already ingested: " + input + " (as " + o.output() + ")");
        continue;
      }
      counts[0]++;
      counts[2] += o.summary().records();
      counts[3] += o.summary().unreadable();
      for (String problem : o.summary().problems()) {
        err.println("warning: " + input + ": " + problem + " (kept for clean to quarantine)");
      }
      if (o.summary().records() == 0) {
        err.println("warning: " + input + ": no records (empty file)");
      }
    }
    return counts;
  }

  private long[] viaMapReduce(
      List<Path> inputs, Path day, Path partition, String feed, long receivedAt, String what)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Job job = Jobs.name(Job.getInstance(getConf()), NAME, feed, what);
    job.setJarByClass(IngestTool.class);
    Configuration conf = job.getConfiguration();
    conf.set(JOB_DAY, day.toString());
    conf.set(JOB_PARTITION, partition.toString());
    conf.set(JOB_FEED, feed);
    conf.setLong(JOB_RECEIVED_AT, receivedAt);
    conf.setBoolean("mapreduce.map.speculative", false);
    job.setInputFormatClass(WholeFileInputFormat.class);
    for (Path p : inputs) {
      FileInputFormat.addInputPath(job, p);
    }
    job.setMapperClass(IngestMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    var c = Jobs.run(job);
    return new long[] {
      c.findCounter(IngestCounters.FILES_INGESTED).getValue(),
      c.findCounter(IngestCounters.FILES_ALREADY_INGESTED).getValue(),
      c.findCounter(IngestCounters.RECORDS).getValue(),
      c.findCounter(IngestCounters.UNREADABLE).getValue()
    };
  }
}
