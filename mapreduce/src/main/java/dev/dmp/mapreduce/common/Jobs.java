package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;

/** What every stage's jobs share: Avro set-up, compression, running, and the stage's report. */
public final class Jobs {

  private Jobs() {}

  /**
   * A job of specific Avro records all the way (the shuffle's default data model is reflection),
   * with Snappy-compressed map output.
   */
  public static Job newAvroJob(Configuration base, String name, Class<?> jarClass)
      throws IOException {
    Job job = Job.getInstance(base, name);
    job.setJarByClass(jarClass);
    AvroJob.setDataModelClass(job, DmpSpecificData.class);
    job.getConfiguration().setBoolean("mapreduce.map.output.compress", true);
    job.getConfiguration()
        .setClass("mapreduce.map.output.compress.codec", SnappyCodec.class, SnappyCodec.class);
    return job;
  }

  /**
   * Snappy-compressed Avro files of {@code schema} in {@code output}, through {@link
   * LazyOutputFormat}: a task's file is created at its first record, so a task that writes nothing
   * leaves none. It also spares each record written a walk over the file system statistics of every
   * thread in the JVM, which Hadoop's tracking writer does around each write when the job's output
   * format is a {@code FileOutputFormat} (9 % of attribute's reduce samples with the embedded
   * HBase's threads in the JVM).
   */
  public static void avroOutput(Job job, Schema schema, Path output) {
    avroOutput(job, schema, output, AvroKeyOutputFormat.class);
  }

  /**
   * As {@link #avroOutput}, for a reducer that writes records already in Avro's binary encoding
   * ({@link EncodedAvroOutputFormat}: a {@code ByteBuffer} key per record).
   */
  public static void encodedAvroOutput(Job job, Schema schema, Path output) {
    avroOutput(job, schema, output, EncodedAvroOutputFormat.class);
  }

  @SuppressWarnings("rawtypes")
  private static void avroOutput(
      Job job, Schema schema, Path output, Class<? extends OutputFormat> format) {
    LazyOutputFormat.setOutputFormatClass(job, format);
    AvroJob.setOutputKeySchema(job, schema);
    FileOutputFormat.setCompressOutput(job, true);
    job.getConfiguration().set(AvroJob.CONF_OUTPUT_CODEC, "snappy");
    AvroMultipleOutputs.setCountersEnabled(job, false);
    FileOutputFormat.setOutputPath(job, output);
  }

  /** Runs a job to the end, printing nothing; a failed job is a one-line error with its id. */
  public static Counters run(Job job)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    return JobRunner.quiet().run(job);
  }

  /**
   * Names a job {@code dmp-<stage>[-<step>] <what>} and tags it ({@code mapreduce.job.tags}: {@code
   * dmp}, the stage, the day or hour), so that an operator of a shared YARN can tell every
   * application of every day and stage apart, a backfill running beside today's run included.
   *
   * @param step the job within the stage ({@code round-3}), or null for a stage of one job
   * @param what the data: {@code 2026-11-20}, or {@code 2026-11-20T09} for an hour
   */
  public static Job name(Job job, String stage, String step, String what) {
    job.setJobName("dmp-" + stage + (step == null ? "" : "-" + step) + " " + what);
    job.getConfiguration().set(ClusterSettings.TAGS, "dmp," + stage + "," + what);
    return job;
  }

  /**
   * Input bytes per reduce task of the stages whose reducer count is not set (default 128 MiB):
   * {@code dmp.clean.bytes.per.reducer} before it.
   */
  public static final String BYTES_PER_REDUCER = "dmp.bytes.per.reducer";

  static {
    Configuration.addDeprecation("dmp.clean.bytes.per.reducer", BYTES_PER_REDUCER);
  }

  /**
   * The reduce tasks of a job over {@code inputs}: {@code key} when set, else one per {@link
   * #BYTES_PER_REDUCER} of input, and in local mode at least as many as the local runner runs at
   * once, so that no core idles through the reduce phase.
   */
  public static int reduceTasks(Configuration conf, String key, Path... inputs) throws IOException {
    int configured = conf.getInt(key, 0);
    if (configured > 0) {
      return configured;
    }
    long bytes = bytes(conf, inputs);
    long perReducer = Math.max(1, conf.getLong(BYTES_PER_REDUCER, 128L << 20));
    int bySize = (int) Math.min(1000, Math.max(1, (bytes + perReducer - 1) / perReducer));
    return Math.max(bySize, isLocal(conf) ? conf.getInt(LOCAL_REDUCE_SLOTS, 1) : 1);
  }

  private static final String LOCAL_MAP_SLOTS = "mapreduce.local.map.tasks.maximum";
  private static final String LOCAL_REDUCE_SLOTS = "mapreduce.local.reduce.tasks.maximum";
  private static final String SPLIT_MAX = "mapreduce.input.fileinputformat.split.maxsize";

  /**
   * In local mode, splits small enough for {@code inputs} to make four map tasks per slot of the
   * local runner (at least 8 MiB each), unless a split size is set. A file system's 32 MiB blocks
   * give a day of a million events five maps of unequal size, and one core idled while the other
   * finished the largest. A cluster keeps its block-sized splits.
   */
  static void balanceLocalSplits(Job job, Path... inputs) throws IOException {
    Configuration conf = job.getConfiguration();
    if (!isLocal(conf) || conf.get(SPLIT_MAX) != null) {
      return;
    }
    long tasks = 4L * conf.getInt(LOCAL_MAP_SLOTS, 1);
    long split = Math.max(8L << 20, (bytes(conf, inputs) + tasks - 1) / tasks);
    conf.setLong(SPLIT_MAX, split);
  }

  /** The job's input paths, those given through {@code MultipleInputs} included. */
  static Path[] inputs(Job job) throws IOException {
    List<Path> paths = new ArrayList<>(List.of(FileInputFormat.getInputPaths(job)));
    String multiple = job.getConfiguration().get(MULTIPLE_INPUTS);
    if (multiple != null) {
      for (String pathAndFormat : multiple.split(",")) {
        paths.add(new Path(pathAndFormat.substring(0, pathAndFormat.lastIndexOf(';'))));
      }
    }
    return paths.toArray(new Path[0]);
  }

  /** Where {@code MultipleInputs} keeps its {@code path;format} pairs. */
  private static final String MULTIPLE_INPUTS = "mapreduce.input.multipleinputs.dir.formats";

  static boolean isLocal(Configuration conf) {
    return "local".equals(conf.get("mapreduce.framework.name", "local"));
  }

  private static long bytes(Configuration conf, Path... inputs) throws IOException {
    long bytes = 0;
    for (Path p : inputs) {
      if (p != null) {
        FileSystem fs = p.getFileSystem(conf);
        bytes += fs.exists(p) ? fs.getContentSummary(p).getLength() : 0;
      }
    }
    return bytes;
  }
}
