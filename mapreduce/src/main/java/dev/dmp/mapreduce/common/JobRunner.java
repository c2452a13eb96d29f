package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs MapReduce jobs to their end, as {@code hadoop jar} users expect to see them: the job id (and
 * on a cluster its tracking URL) when a job is submitted, map and reduce progress while it runs
 * when the output is a terminal, and a one-line error naming the job when it fails. Listeners hear
 * of every job that ends well, with its counters (the benchmark sums a stage's jobs this way).
 */
public final class JobRunner {

  /** Told of every job that this runner ran to a successful end. */
  @FunctionalInterface
  public interface Listener {
    void completed(Job job, double seconds, Counters counters) throws IOException;
  }

  private static final long PROGRESS_INTERVAL_MS = 1000;

  private final PrintStream progress;
  private final List<Listener> listeners = new ArrayList<>();

  /**
   * @param progress where submissions and progress are printed; null for none
   */
  public JobRunner(PrintStream progress) {
    this.progress = progress;
  }

  /** A runner that prints nothing. */
  public static JobRunner quiet() {
    return new JobRunner(null);
  }

  /** Adds a listener of every job this runner runs from now on. */
  public JobRunner listen(Listener listener) {
    listeners.add(listener);
    return this;
  }

  /** Runs a job to the end; a failed job is a one-line error with its name and id. */
  public Counters run(Job job)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Jobs.balanceLocalSplits(job, Jobs.inputs(job));
    DrillTasks.attach(job);
    ClusterSettings.apply(job);
    long started = System.nanoTime();
    try (TaskFailures failures = TaskFailures.watch(Jobs.isLocal(job.getConfiguration()))) {
      job.submit();
      if (progress != null) {
        String url =
            Jobs.isLocal(job.getConfiguration()) ? "" : ", tracking " + job.getTrackingURL();
        progress.printf("  %s: %s%s%n", job.getJobName(), job.getJobID(), url);
      }
      boolean succeeded = interactive() ? monitor(job) : job.waitForCompletion(false);
      if (!succeeded) {
        throw new DmpException(
            job.getJobName() + " (" + job.getJobID() + ") failed: " + failures.reason(job));
      }
    }
    Counters counters = job.getCounters();
    double seconds = (System.nanoTime() - started) / 1e9;
    for (Listener l : listeners) {
      l.completed(job, seconds, counters);
    }
    return counters;
  }

  /** Whether progress goes to a person at a terminal (not to a file, a pipe or a test). */
  private boolean interactive() {
    return progress != null && progress == System.out && System.console() != null;
  }

  /**
   * Waits for the job, rewriting one progress line each second and once more at the end; returns
   * whether it succeeded.
   */
  private boolean monitor(Job job) throws IOException, InterruptedException {
    String last = "";
    boolean complete;
    do {
      complete = job.isComplete();
      String line =
          String.format(
              "  %s: map %3.0f %%, reduce %3.0f %%",
              job.getJobName(), 100 * job.mapProgress(), 100 * job.reduceProgress());
      if (!line.equals(last)) {
        progress.print("\r" + line);
        progress.flush();
        last = line;
      }
      if (!complete) {
        Thread.sleep(PROGRESS_INTERVAL_MS);
      }
    } while (!complete);
    progress.println();
    return job.isSuccessful();
  }
}
