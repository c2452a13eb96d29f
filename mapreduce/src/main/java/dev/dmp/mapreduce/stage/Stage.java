package dev.dmp.mapreduce.stage;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.util.List;

/**
 * One step of the platform's work on a partition of a day (the whole day, one hour, or a day of one
 * segment for one destination): the datasets it needs, the jobs it runs, and the report it returns.
 * A stage never touches a published dataset itself: it runs its jobs into {@link
 * StageContext#staging()} and names what to publish; the {@link StageRunner} checks the inputs,
 * publishes, writes the report and prints it. (In the spirit of DataFu Hourglass's staged jobs.)
 *
 * @param <R> the stage's report
 */
public interface Stage<R extends StageReport> {

  /** The stage's name: its command, its quality file ({@code <name>.json}), its jobs' names. */
  String name();

  /** The datasets that must exist before the stage runs, each with the stage that writes it. */
  List<Input> inputs(DmpPaths paths, RunDate date) throws IOException;

  /**
   * The datasets the stage publishes for the day, each replaced as a whole (under the day's lock,
   * so that nothing, an Oozie action included, deletes them beforehand); the runner refuses to
   * publish anything else.
   */
  List<org.apache.hadoop.fs.Path> outputs(DmpPaths paths, RunDate date);

  /**
   * Runs the stage's jobs into {@link StageContext#staging()}, names what to publish, and returns
   * the reconciled report; throws, publishing nothing, when counts do not reconcile.
   */
  R run(StageContext context)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException;

  /**
   * Refuses, naming the key or file, a configuration the stage could not run with (its rules, say):
   * called before the stage touches anything, its lock included.
   */
  default void checkSettings(org.apache.hadoop.conf.Configuration conf)
      throws IOException, UsageException {}

  /**
   * The hour of the day the stage writes, 0-23; -1 (the default) for the whole day. The runner
   * holds the day's lock and, for an hour, the hour's too.
   */
  default int hour() {
    return -1;
  }

  /** The name of the stage's report, {@code quality/dt=D/<name>.json}. */
  default String reportName() {
    return hour() < 0 ? name() : String.format("%s-%02d", name(), hour());
  }

  /** The line the runner prints when the stage is done. */
  default String line(RunDate date, R report, double seconds) {
    String what = hour() < 0 ? date.toString() : String.format("%s hour %02d", date, hour());
    return String.format("%-9s %s: %s (%.1f s)", name(), what, report.summary(), seconds);
  }

  /** A dataset a stage reads: where it is, what it is called in messages, who writes it. */
  record Input(org.apache.hadoop.fs.Path path, String what, String producer) {}
}
