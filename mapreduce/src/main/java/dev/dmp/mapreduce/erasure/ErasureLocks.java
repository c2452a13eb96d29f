package dev.dmp.mapreduce.erasure;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.Staging;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an erasure holds while it works: the lock of every day any dataset has (so that no run of a
 * day or of one of its hours overlaps it), and its scratch, which the next erasure removes if this
 * one dies.
 */
final class ErasureLocks {

  private ErasureLocks() {}

  /**
   * Takes the lock of every day any dataset has, in date order: an erasure holds them all from its
   * first change to its record, so that no run of a day (or of one of its hours) overlaps it.
   */
  static List<DayLock> lockEveryDay(Configuration conf, String command)
      throws IOException, DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Set<String> days = new TreeSet<>();
    for (String dataset : Purge.DATASETS) {
      Path root = new Path(paths.base(), dataset);
      if (fs.exists(root)) {
        days.addAll(Purge.days(fs, root));
      }
    }
    List<DayLock> locks = new ArrayList<>();
    try {
      for (String day : days) {
        locks.add(DayLock.acquire(conf, Staging.lockName(RunDate.parse(day), -1), command));
      }
      return locks;
    } catch (UsageException notADay) {
      for (DayLock lock : locks) {
        lock.close();
      }
      throw new DmpException("not a day partition: " + notADay.getMessage());
    } catch (IOException | DmpException | RuntimeException e) {
      for (DayLock lock : locks) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * Removes the scratch of erasures that died ({@code tmp/forget-<time>}); only an erasure calls
   * it, holding the lock every erasure holds, before it makes its own.
   */
  static List<Path> removeDeadScratch(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    List<Path> removed = new ArrayList<>();
    if (!fs.exists(paths.tmp())) {
      return removed;
    }
    for (FileStatus s : fs.listStatus(paths.tmp())) {
      if (s.getPath().getName().matches("forget-\\d+")
          && new PathGuard(fs, paths.base()).delete(s.getPath(), true)) {
        removed.add(s.getPath());
      }
    }
    return removed;
  }
}
