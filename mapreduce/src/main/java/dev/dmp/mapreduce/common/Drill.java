package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;

/**
 * Crash drills for operators and the integration tests, so that one can watch a fault happen and
 * the day come out exactly as it would have:
 *
 * <ul>
 *   <li>{@value #HALT}: the first attempt of a stage's first map or reduce task dies like a
 *       container killed with {@code kill -9}, after a given number of records, and YARN runs it
 *       again (only on YARN: in local mode the tasks run in the command's own JVM); or the driver
 *       itself dies so after publishing a given number of a stage's datasets, leaving the day
 *       half-published for the next run to put right;
 *   <li>{@value #FAIL_ONCE}: a command fails once, before it starts or after its stage has
 *       published part of its output, so that an Oozie action's retry can be watched.
 * </ul>
 */
public final class Drill {

  /**
   * Where tasks die: comma-separated {@code STAGE-map:N} or {@code STAGE-reduce:N}, for example
   * {@code clean-map:200,clean-reduce:200}.
   */
  public static final String HALT = "dmp.drill.halt";

  /**
   * {@code POINT:PATH}: the command fails at POINT while PATH does not exist, creating it, so the
   * first attempt fails and a retry succeeds. POINT is a command ({@code attribute}: before it
   * starts) or {@code STAGE-publish} (after the stage has published its first dataset, before the
   * others and its report). {@code -} (the workflows' default) or empty: off.
   */
  public static final String FAIL_ONCE = "dmp.oozie.fail.once";

  /** The exit status of a process killed by SIGKILL. */
  private static final int KILLED = 137;

  private static final Drill NONE = new Drill(0);

  private final long haltAt;
  private long seen;

  private Drill(long haltAt) {
    this.haltAt = haltAt;
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
    long haltAt = haltAt(conf, point);
    return haltAt > 0 ? new Drill(haltAt) : NONE;
  }

  /**
   * The drills of a stage's publication, after its {@code published}th dataset: the driver halts
   * there ({@code STAGE-publish:N} in {@value #HALT}), or fails once after the first ({@code
   * STAGE-publish:PATH} in {@value #FAIL_ONCE}).
   */
  public static void published(Configuration conf, String stage, int published)
      throws IOException, DmpException {
    String point = stage + "-publish";
    if (haltAt(conf, point) == published) {
      System.err.printf(
          "dmp drill: halting the driver after %d dataset(s) of %s%n", published, stage);
      Runtime.getRuntime().halt(KILLED);
    }
    if (published == 1) {
      failOnce(conf, point);
    }
  }

  /** Fails the first time {@code point} is reached while {@value #FAIL_ONCE} names it. */
  public static void failOnce(Configuration conf, String point) throws IOException, DmpException {
    String spec = conf.getTrimmed(FAIL_ONCE, "");
    int colon = spec.indexOf(':');
    if (colon < 0 || !spec.substring(0, colon).equals(point)) {
      return;
    }
    Path marker = new Path(spec.substring(colon + 1));
    FileSystem fs = marker.getFileSystem(conf);
    if (fs.createNewFile(marker)) {
      throw new DmpException(
          "dmp " + point + " failed on purpose, once (" + FAIL_ONCE + "=" + spec + ")");
    }
  }

  /** Where {@value #HALT} halts at {@code point}, or 0. */
  static long haltAt(Configuration conf, String point) {
    for (String drill : conf.getTrimmedStrings(HALT)) {
      int colon = drill.lastIndexOf(':');
      if (colon > 0 && drill.substring(0, colon).equals(point)) {
        return Long.parseLong(drill.substring(colon + 1));
      }
    }
    return 0;
  }

  /** Counts a record; halts the JVM at the drill's record. */
  public void tick() {
    if (haltAt > 0 && ++seen == haltAt) {
      System.err.println("dmp drill: halting this task attempt after " + seen + " records");
      Runtime.getRuntime().halt(KILLED);
    }
  }
}
