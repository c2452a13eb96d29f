package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per day (or hour): a lock file under {@code locks/} on the platform's own file system,
 * so that it works wherever the datasets are (HDFS on a cluster, the local disk in embedded mode).
 *
 * <p>A lock is a generation: {@code WHAT.lock}, then {@code WHAT.lock.1}, {@code WHAT.lock.2}, ...
 * Each is created exclusively and says who holds it: user, host, process, command, since when, and
 * a token of its own. The holder refreshes a heartbeat file beside it every {@value
 * #HEARTBEAT_SECONDS} seconds. A lock whose holder died is taken over by creating the next
 * generation, which only one contender can do; the winner then removes the dead ones. The holder of
 * a dead generation that comes back has lost it: it never deletes a file that does not hold its own
 * token. A holder is dead at once when it was a process of this host that is gone, and otherwise
 * when its lock and heartbeat are older than {@value #STALE_SECONDS} seconds ({@link
 * #STALE_SECONDS_KEY}) by the file system's own clock (a file created to read the time), so that no
 * two machines' clocks are compared. A process that holds a lock may take it again (a {@code dmp
 * run} holds its day, and each stage takes it too).
 *
 * <p>Lock order: a day's lock before any of its hours' ({@link #acquireHour}); a command that needs
 * several days takes them in date order.
 */
public final class DayLock implements HeldLocks {
  private static final Logger LOG = LoggerFactory.getLogger(DayLock.class);

  /** Seconds without a heartbeat after which a lock of another host is taken over. */
  public static final String STALE_SECONDS_KEY = "dmp.lock.stale.seconds";

  public static final int STALE_SECONDS = 300;

  static final int HEARTBEAT_SECONDS = 30;

  private static final Map<Path, DayLock> HELD = new HashMap<>();

  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dmp-lock-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private final FileSystem fs;
  private final Path key;
  private final Path file;
  private final String content;
  private final java.util.concurrent.ScheduledFuture<?> heartbeat;
  private int holds = 1;

  private DayLock(FileSystem fs, Path key, Path file, String content) {
    this.fs = fs;
    this.key = key;
    this.file = file;
    this.content = content;
    this.heartbeat =
        HEARTBEAT.scheduleWithFixedDelay(
            this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Takes the lock of {@code what} ({@code dt=2026-11-20}, {@code dt=2026-11-20.hr=09}) for {@code
   * command}, or fails saying who holds it since when.
   */
  public static DayLock acquire(Configuration conf, String what, String command)
      throws IOException, DmpException {
    DayLock lock = tryAcquire(conf, what, command);
    if (lock == null) {
      String holder = holder(conf, what);
      throw new DmpException(
          what.replace("dt=", "").replace(".hr=", " hour ")
              + " is being written by another run: "
              + (holder == null ? "(which just ended: try again)" : holder)
              + "; wait for it to end (a lock whose holder died is taken over after "
              + LockFiles.staleSeconds(conf)
              + " s without its heartbeat, at once on the same host)");
    }
    return lock;
  }

  /**
   * The locks of an hour: its day's, then its own (the one lock order, so that a run of the day, an
   * erasure that holds the day and a run of one of its hours never overlap), released together.
   */
  public static HeldLocks acquireHour(Configuration conf, RunDate date, int hour, String command)
      throws IOException, DmpException {
    DayLock day = acquire(conf, Staging.lockName(date, -1), command);
    try {
      DayLock own = acquire(conf, Staging.lockName(date, hour), command);
      return () -> {
        try {
          own.close();
        } finally {
          day.close();
        }
      };
    } catch (IOException | DmpException | RuntimeException e) {
      day.close();
      throw e;
    }
  }

  /** Takes the lock of {@code what}, or returns null when a live run holds it. */
  public static DayLock tryAcquire(Configuration conf, String what, String command)
      throws IOException {
    Path key = LockFiles.key(conf, what);
    FileSystem fs = key.getFileSystem(conf);
    synchronized (HELD) {
      DayLock mine = HELD.get(key);
      if (mine != null) {
        mine.holds++;
        return mine;
      }
      StagedOutput.mkdirsOwnerOnly(fs, key.getParent());
      String me = LockFiles.describe(command);
      for (int attempt = 0; attempt < 3; attempt++) {
        Map.Entry<Long, Path> newest = LockFiles.newest(fs, key);
        long next = newest == null ? 0 : newest.getKey() + 1;
        String died = null;
        if (newest != null) {
          if (!LockFiles.isStale(conf, fs, newest.getValue())) {
            return null;
          }
          died = LockFiles.read(fs, newest.getValue());
        }
        Path file = LockFiles.generation(key, next);
        if (LockFiles.create(fs, file, me)) {
          if (died != null) {
            LOG.warn("took over the lock of {} from a run that died: {}", what, died);
          }
          LockFiles.removeBefore(fs, key, next);
          DayLock lock = new DayLock(fs, key, file, me);
          HELD.put(key, lock);
          return lock;
        }
        // Another contender created that generation first: look again.
      }
      return null;
    }
  }

  /** Who holds the lock of {@code what} now, or null when no one does. */
  public static String holder(Configuration conf, String what) throws IOException {
    Path key = LockFiles.key(conf, what);
    FileSystem fs = key.getFileSystem(conf);
    Map.Entry<Long, Path> newest = LockFiles.newest(fs, key);
    return newest == null ? null : LockFiles.read(fs, newest.getValue());
  }

  /** Whether this process held the lock already when it was taken this time. */
  public boolean heldBefore() {
    synchronized (HELD) {
      return holds > 1;
    }
  }

  /** Whether the lock file is still this holder's (a takeover may have fenced it off). */
  private boolean owned() throws IOException {
    return content.equals(LockFiles.read(fs, file));
  }

  private void beat() {
    try {
      if (!owned()) {
        LOG.error(
            "the lock {} was taken over by another run while this one held it: this run's"
                + " output may be replaced by that run's",
            file);
        heartbeat.cancel(false);
        return;
      }
      fs.create(LockFiles.beatFile(file), true).close();
    } catch (IOException | RuntimeException e) {
      // the next beat tries again; a lock gone stale is reported by the run that takes it over
    }
  }

  /** Releases one hold; the last one deletes the lock, if it is still this holder's. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (--holds > 0) {
        return;
      }
      HELD.remove(key);
      heartbeat.cancel(false);
      if (owned()) {
        fs.delete(LockFiles.beatFile(file), false);
        fs.delete(file, false);
      } else {
        LOG.warn("the lock {} is no longer this run's: left to its holder", file);
      }
    }
  }
}
