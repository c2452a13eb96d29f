package dev.dmp.mapreduce.common;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;

/**
 * Crash drills for operators and the integration tests ({@value #HALT}): the first attempt of a
 * stage's first map or reduce task dies like a container killed with {@code kill -9}, after a given
 * number of records, so that one can watch YARN run the task again and the day come out exactly as
 * it would have. Only on YARN: in local mode the tasks run in the command's own JVM.
 */
public final class Drill {

  /**
   * Where tasks die: comma-separated {@code STAGE-map:N} or {@code STAGE-reduce:N}, for example
   * {@code clean-map:200,clean-reduce:200}.
   */
  public static final String HALT = "dmp.drill.halt";

  /** The exit status of a process killed by SIGKILL. */
  private static final int KILLED = 137;

  private static final Drill NONE = new Drill(0);

  private final long haltAt;
  private long seen;

  private Drill(long haltAt) {
    this.haltAt = haltAt;
  }

  /** A drill that never acts (before a task's set-up, in tests of the task classes). */
  public static Drill none() {
    return NONE;
  }

  /**
   * The drill of this task attempt at {@code point} ({@code clean-map}), or one that never acts.
   */
  public static Drill of(TaskAttemptContext context, String point) {
    Configuration conf = context.getConfiguration();
    TaskAttemptID attempt = context.getTaskAttemptID();
    if (!"yarn".equals(conf.get("mapreduce.framework.name"))
        || attempt == null
        || attempt.getId() != 0
        || attempt.getTaskID().getId() != 0) {
      return NONE;
    }
    for (String drill : conf.getTrimmedStrings(HALT)) {
      int colon = drill.lastIndexOf(':');
      if (colon > 0 && drill.substring(0, colon).equals(point)) {
        return new Drill(Long.parseLong(drill.substring(colon + 1)));
      }
    }
    return NONE;
  }

  /** Counts a record; halts the JVM at the drill's record. */
  public void tick() {
    if (haltAt > 0 && ++seen == haltAt) {
      System.err.println("dmp drill: halting this task attempt after " + seen + " records");
      Runtime.getRuntime().halt(KILLED);
    }
  }
}
