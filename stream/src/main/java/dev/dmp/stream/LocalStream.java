package dev.dmp.stream;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.ingest.IngestTool;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing job on a Flink MiniCluster in this JVM ({@code dmp stream run}): resumed from the
 * newest checkpoint or savepoint under the checkpoint directory, run for a while or until Ctrl-C,
 * then stopped with a savepoint (a final checkpoint: files committed, offsets kept), which the next
 * run resumes from. A run killed outright resumes from its last completed checkpoint instead.
 */
final class LocalStream {

  /** The parallelism of the local job: source subtasks, each reading some of the partitions. */
  public static final String PARALLELISM = "dmp.stream.parallelism";

  private LocalStream() {}

  static int run(
      Configuration conf, StreamSettings settings, long seconds, RunDate untilDay, PrintStream out)
      throws Exception {
    Path checkpoints = StreamJob.checkpoints(conf);
    FileSystem fs = checkpoints.getFileSystem(conf);
    ResumePoints points = new ResumePoints(fs, checkpoints);
    Optional<FileStatus> resume = points.latest();

    org.apache.flink.configuration.Configuration flink =
        StreamJob.flinkConf(settings, checkpoints.toUri().toString());
    flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, points.savepoints().toUri().toString());
    resume.ifPresent(
        f -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, f.getPath().getParent().toString()));
    int parallelism = conf.getInt(PARALLELISM, 2);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    StreamJob.build(env, settings);

    JobClient job = env.executeAsync(StreamJob.NAME);
    out.printf(
        "dmp stream: landing %s from Kafka at %s into %s, %s; checkpoints every %d s%n",
        String.join(", ", settings.topicFeeds().keySet()),
        settings.bootstrapServers(),
        settings.paths().raw(),
        resume
            .map(f -> "resumed from " + f.getPath().getParent())
            .orElse("from the start of each topic"),
        Math.max(1, settings.checkpointMillis() / 1000));
    out.flush();

    Thread onCtrlC = new Thread(() -> stop(job, points, out), "dmp-stream-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    long deadline = seconds > 0 ? System.currentTimeMillis() + seconds * 1000 : Long.MAX_VALUE;
    DayFlags flags = untilDay == null ? null : new DayFlags(conf, untilDay);
    while (System.currentTimeMillis() < deadline && (flags == null || !flags.done())) {
      try {
        job.getJobExecutionResult().get(1, TimeUnit.SECONDS);
        // The job ended by itself: it failed past its restarts (the cause is thrown above).
        throw new IllegalStateException("the stream job ended on its own");
      } catch (TimeoutException stillRunning) {
        // the next look
      }
    }
    Runtime.getRuntime().removeShutdownHook(onCtrlC);
    stop(job, points, out);
    if (flags != null && !flags.done()) {
      out.printf("dmp stream: %s is not flagged for every feed yet%n", untilDay);
      return 1;
    }
    if (flags != null) {
      out.printf("dmp stream: %s is flagged for every feed that has records of it%n", untilDay);
    }
    return 0;
  }

  /** Whether a day is flagged for every feed that has records of it (and for one at least). */
  private static final class DayFlags {
    private final FileSystem fs;
    private final Path day;

    DayFlags(Configuration conf, RunDate date) throws java.io.IOException {
      this.day = DmpPaths.of(conf).rawDay(date);
      this.fs = day.getFileSystem(conf);
    }

    boolean done() throws java.io.IOException {
      FileStatus[] feeds = fs.globStatus(new Path(day, "hr=*/src=*"));
      if (feeds == null || feeds.length == 0) {
        return false;
      }
      for (FileStatus feed : feeds) {
        Path flag = new Path(new Path(day, feed.getPath().getName()), IngestTool.SUCCESS);
        if (!fs.exists(flag)) {
          return false;
        }
      }
      return true;
    }
  }

  private static void stop(JobClient job, ResumePoints points, PrintStream out) {
    try {
      String savepoint =
          job.stopWithSavepoint(
                  false, points.savepoints().toUri().toString(), SavepointFormatType.CANONICAL)
              .get(5, TimeUnit.MINUTES);
      points.keepOnly(new Path(savepoint));
      out.printf("dmp stream: stopped at %s with savepoint %s%n", Instant.now(), savepoint);
    } catch (Exception e) {
      out.printf(
          "dmp stream: could not stop with a savepoint (%s); the next run resumes from the last"
              + " checkpoint%n",
          e.getMessage());
    }
    out.flush();
  }
}
