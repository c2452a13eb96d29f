package dev.dmp.mapreduce.common;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The staging directories of running stages, {@code tmp/<stage>-<day>[-<hour>]-<millis>}: in an
 * owner-only {@code tmp/}, since a stage's staging holds what its datasets will hold (clean's
 * rejects keep original bytes), and removed once their run is over. A run deletes its own at its
 * end; what a killed run left is removed by the next run of any day, by {@code dmp retention} and
 * by {@code dmp forget}, once the day's (or hour's) {@link DayLock} shows its run is gone.
 */
public final class Staging {

  private static final Pattern FORGET_SCRATCH = Pattern.compile("forget-\\d+");

  private static final Pattern NAME =
      Pattern.compile("[a-z]+-(\\d{4}-\\d{2}-\\d{2})(?:-(\\d{2}))?-\\d+");

  private Staging() {}

  /** The lock of a day ({@code hour < 0}) or of one hour of it. */
  public static String lockName(RunDate date, int hour) {
    return hour < 0 ? date.partition() : date.partition() + String.format(".hr=%02d", hour);
  }

  /** A new staging directory for {@code stage} of a day or an hour ({@code hour >= 0}). */
  public static Path create(FileSystem fs, DmpPaths paths, String stage, RunDate date, int hour)
      throws IOException {
    StagedOutput.mkdirsOwnerOnly(fs, paths.tmp());
    String name =
        hour < 0
            ? String.format("%s-%s-%d", stage, date, System.currentTimeMillis())
            : String.format("%s-%s-%02d-%d", stage, date, hour, System.currentTimeMillis());
    return new Path(paths.tmp(), name);
  }

  /**
   * Deletes the staging directories whose run is over (their lock is free, or held by this process,
   * whose live stages have not created theirs yet); returns them.
   */
  public static List<Path> removeDead(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    List<Path> removed = new ArrayList<>();
    FileStatus[] entries;
    try {
      entries = fs.listStatus(paths.tmp());
    } catch (FileNotFoundException none) {
      return removed;
    }
    for (FileStatus entry : entries) {
      if (FORGET_SCRATCH.matcher(entry.getPath().getName()).matches()) {
        // An erasure's scratch, left by one that died: no erasure holds the forget lock now.
        try (DayLock lock = DayLock.tryAcquire(conf, "forget", "cleanup")) {
          if (lock != null
              && !lock.heldBefore()
              && new PathGuard(fs, paths.base()).delete(entry.getPath(), true)) {
            removed.add(entry.getPath());
          }
        }
        continue;
      }
      Matcher m = NAME.matcher(entry.getPath().getName());
      if (!m.matches()) {
        continue; // not a stage's staging (the benchmark's scratch, for example)
      }
      RunDate date;
      try {
        date = RunDate.parse(m.group(1));
      } catch (UsageException notADay) {
        continue;
      }
      int hour = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
      try (DayLock lock = DayLock.tryAcquire(conf, lockName(date, hour), "cleanup")) {
        if (lock != null && new PathGuard(fs, paths.base()).delete(entry.getPath(), true)) {
          removed.add(entry.getPath());
        }
      }
    }
    return removed;
  }
}
