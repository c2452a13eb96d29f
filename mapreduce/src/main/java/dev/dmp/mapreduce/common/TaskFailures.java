package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * Why a job failed, in one line, from its failed tasks' own errors: on YARN the first line of each
 * failed attempt's diagnostics; in local mode, where the job's status says only "NA", the error the
 * local job runner logs for the job (heard through a log appender while the job runs).
 */
final class TaskFailures implements AutoCloseable {

  /** The logger the local job runner reports a failed job's error to, with the job id. */
  private static final String LOCAL_RUNNER = "org.apache.hadoop.mapred.LocalJobRunner";

  private final List<Throwable> localErrors = new ArrayList<>();
  private final AppenderSkeleton appender;

  private TaskFailures(boolean local) {
    this.appender = local ? listen() : null;
  }

  /** Starts hearing the failures of a job about to run ({@code local}: on the local runner). */
  static TaskFailures watch(boolean local) {
    return new TaskFailures(local);
  }

  private AppenderSkeleton listen() {
    try {
      AppenderSkeleton a =
          new AppenderSkeleton() {
            @Override
            protected void append(LoggingEvent event) {
              ThrowableInformation info = event.getThrowableInformation();
              if (info != null && info.getThrowable() != null) {
                synchronized (localErrors) {
                  localErrors.add(info.getThrowable());
                }
              }
            }

            @Override
            public void close() {}

            @Override
            public boolean requiresLayout() {
              return false;
            }
          };
      Logger.getLogger(LOCAL_RUNNER).addAppender(a);
      return a;
    } catch (LinkageError noLog4j) {
      return null; // another logging back end: the job's status is all there is
    }
  }

  /** The reason of the failed {@code job}: its tasks' errors, else its status's failure info. */
  String reason(Job job) throws IOException, InterruptedException {
    List<String> reasons = new ArrayList<>();
    synchronized (localErrors) {
      for (Throwable t : localErrors) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        add(reasons, root.getClass().getSimpleName() + ": " + root.getMessage());
      }
    }
    if (!Jobs.isLocal(job.getConfiguration())) {
      for (TaskCompletionEvent e : job.getTaskCompletionEvents(0, 10_000)) {
        if (e.getStatus() == TaskCompletionEvent.Status.FAILED
            || e.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
          for (String d : job.getTaskDiagnostics(e.getTaskAttemptId())) {
            add(reasons, d.lines().findFirst().orElse(""));
          }
        }
      }
    }
    String info = job.getStatus().getFailureInfo();
    if (reasons.isEmpty()) {
      return info == null || info.isBlank() ? "no reason given" : info;
    }
    return String.join("; ", reasons);
  }

  private static void add(List<String> reasons, String reason) {
    String r = reason.replaceFirst("^Error: ", "").strip();
    if (!r.isEmpty() && !reasons.contains(r)) {
      reasons.add(r);
    }
  }

  @Override
  public void close() {
    if (appender != null) {
      Logger.getLogger(LOCAL_RUNNER).removeAppender(appender);
    }
  }
}
