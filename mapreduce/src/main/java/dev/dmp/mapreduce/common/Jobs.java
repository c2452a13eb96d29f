package dev.dmp.mapreduce.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/** What every stage's jobs share: Avro set-up, compression, running, and the stage's report. */
public final class Jobs {

  /** Told of every job that ends through {@link #run}; the benchmark sums a stage's jobs. */
  @FunctionalInterface
  public interface Listener {
    void completed(Job job, double seconds, Counters counters) throws IOException;
  }

  private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

  private Jobs() {}

  /** Registers {@code listener} until the returned handle is closed. */
  public static AutoCloseable listen(Listener listener) {
    LISTENERS.add(listener);
    return () -> LISTENERS.remove(listener);
  }

  /**
   * A job of specific Avro records all the way (the shuffle's default data model is reflection),
   * with Snappy-compressed map output.
   */
  public static Job newAvroJob(Configuration base, String name, Class<?> jarClass)
      throws IOException {
    Job job = Job.getInstance(base, name);
    job.setJarByClass(jarClass);
    AvroJob.setDataModelClass(job, SpecificData.class);
    job.getConfiguration().setBoolean("mapreduce.map.output.compress", true);
    job.getConfiguration()
        .setClass("mapreduce.map.output.compress.codec", SnappyCodec.class, SnappyCodec.class);
    return job;
  }

  /** Snappy-compressed Avro files of {@code schema} in {@code output}. */
  public static void avroOutput(Job job, Schema schema, Path output) {
    job.setOutputFormatClass(AvroKeyOutputFormat.class);
    AvroJob.setOutputKeySchema(job, schema);
    FileOutputFormat.setCompressOutput(job, true);
    job.getConfiguration().set(AvroJob.CONF_OUTPUT_CODEC, "snappy");
    AvroMultipleOutputs.setCountersEnabled(job, false);
    FileOutputFormat.setOutputPath(job, output);
  }

  /** Runs a job to the end; a failed job is a one-line error with its id. */
  public static Counters run(Job job)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    long started = System.nanoTime();
    if (!job.waitForCompletion(false)) {
      throw new DmpException(
          job.getJobName()
              + " ("
              + job.getJobID()
              + ") failed: "
              + job.getStatus().getFailureInfo());
    }
    Counters counters = job.getCounters();
    double seconds = (System.nanoTime() - started) / 1e9;
    for (Listener l : LISTENERS) {
      l.completed(job, seconds, counters);
    }
    return counters;
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
    long bytes = 0;
    for (Path p : inputs) {
      if (p != null) {
        FileSystem fs = p.getFileSystem(conf);
        bytes += fs.exists(p) ? fs.getContentSummary(p).getLength() : 0;
      }
    }
    long perReducer = Math.max(1, conf.getLong(BYTES_PER_REDUCER, 128L << 20));
    int bySize = (int) Math.min(1000, Math.max(1, (bytes + perReducer - 1) / perReducer));
    boolean local = "local".equals(conf.get("mapreduce.framework.name", "local"));
    return Math.max(bySize, local ? conf.getInt("mapreduce.local.reduce.tasks.maximum", 1) : 1);
  }

  /** Writes a stage's report as {@code quality/dt=D/<file>}, replacing a previous run's. */
  public static void writeReport(
      FileSystem fs, DmpPaths paths, RunDate date, String file, Object report) throws IOException {
    try (OutputStream o = fs.create(new Path(paths.quality(date), file), true)) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o, report);
    }
  }
}
