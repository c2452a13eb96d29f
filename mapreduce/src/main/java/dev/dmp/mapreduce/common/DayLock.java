package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
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
              + staleSeconds(conf)
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
    Path key = key(conf, what);
    FileSystem fs = key.getFileSystem(conf);
    synchronized (HELD) {
      DayLock mine = HELD.get(key);
      if (mine != null) {
        mine.holds++;
        return mine;
      }
      StagedOutput.mkdirsOwnerOnly(fs, key.getParent());
      String me = describe(command);
      for (int attempt = 0; attempt < 3; attempt++) {
        Map.Entry<Long, Path> newest = newest(fs, key);
        long next = newest == null ? 0 : newest.getKey() + 1;
        String died = null;
        if (newest != null) {
          if (!isStale(conf, fs, newest.getValue())) {
            return null;
          }
          died = read(fs, newest.getValue());
        }
        Path file = generation(key, next);
        if (create(fs, file, me)) {
          if (died != null) {
            LOG.warn("took over the lock of {} from a run that died: {}", what, died);
          }
          removeBefore(fs, key, next);
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
    Path key = key(conf, what);
    FileSystem fs = key.getFileSystem(conf);
    Map.Entry<Long, Path> newest = newest(fs, key);
    return newest == null ? null : read(fs, newest.getValue());
  }

  /** The lock of {@code what} as its generations are named: {@code locks/WHAT.lock}. */
  static Path key(Configuration conf, String what) {
    return new Path(new Path(DmpPaths.of(conf).base(), "locks"), what + ".lock");
  }

  private static Path generation(Path key, long generation) {
    return generation == 0 ? key : key.suffix("." + generation);
  }

  private static Path beatFile(Path lock) {
    return lock.suffix(".beat");
  }

  /** The generations of a lock that exist, by number. */
  private static TreeMap<Long, Path> generations(FileSystem fs, Path key) throws IOException {
    TreeMap<Long, Path> found = new TreeMap<>();
    FileStatus[] files;
    try {
      files = fs.listStatus(key.getParent());
    } catch (FileNotFoundException none) {
      return found;
    }
    String base = key.getName();
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (name.equals(base)) {
        found.put(0L, f.getPath());
      } else if (name.startsWith(base + ".")
          && name.substring(base.length() + 1).matches("\\d{1,18}")) {
        found.put(Long.parseLong(name.substring(base.length() + 1)), f.getPath());
      }
    }
    return found;
  }

  private static Map.Entry<Long, Path> newest(FileSystem fs, Path key) throws IOException {
    return generations(fs, key).lastEntry();
  }

  /** Removes the dead generations before {@code generation}, with their heartbeats. */
  private static void removeBefore(FileSystem fs, Path key, long generation) throws IOException {
    for (Path dead : generations(fs, key).headMap(generation).values()) {
      fs.delete(beatFile(dead), false);
      fs.delete(dead, false);
    }
  }

  /** Creates {@code file} holding {@code content} if it does not exist; exclusive. */
  private static boolean create(FileSystem fs, Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof LocalFileSystem local) {
      // The local file system's create checks, then creates; the JDK's CREATE_NEW is atomic.
      try {
        Files.write(
            local.pathToFile(file).toPath(), bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException held) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException held) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // HDFS: AlreadyBeingCreatedException and friends, a contender won
      }
      throw e;
    }
  }

  private static boolean isStale(Configuration conf, FileSystem fs, Path file) throws IOException {
    String holder = read(fs, file);
    if (holder == null) {
      return true; // released meanwhile
    }
    String pid = field(holder, "pid");
    String host = field(holder, "host");
    if (host != null && host.equals(hostName()) && pid != null) {
      try {
        return !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
      } catch (NumberFormatException notOurs) {
        // fall through to the heartbeat
      }
    }
    long last;
    try {
      last = fs.getFileStatus(file).getModificationTime();
    } catch (FileNotFoundException released) {
      return true;
    }
    try {
      last = Math.max(last, fs.getFileStatus(beatFile(file)).getModificationTime());
    } catch (FileNotFoundException noBeatYet) {
      // the lock's own time is its first beat
    }
    return fileSystemNow(fs, file.getParent()) - last > staleSeconds(conf) * 1000L;
  }

  /**
   * The file system's own time: the modification time of a file created now. The holder's beats are
   * timed by the same clock, so a lock's age never mixes two machines' clocks.
   */
  private static long fileSystemNow(FileSystem fs, Path dir) throws IOException {
    Path probe = new Path(dir, ".now-" + UUID.randomUUID());
    try {
      fs.create(probe, false).close();
      return fs.getFileStatus(probe).getModificationTime();
    } finally {
      fs.delete(probe, false);
    }
  }

  private static long staleSeconds(Configuration conf) {
    return conf.getLong(STALE_SECONDS_KEY, STALE_SECONDS);
  }

  private static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (FileNotFoundException none) {
      return null;
    }
  }

  private static String field(String holder, String name) {
    for (String part : holder.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static String describe(String command) throws IOException {
    return "user="
        + UserGroupInformation.getCurrentUser().getShortUserName()
        + " host="
        + hostName()
        + " pid="
        + ProcessHandle.current().pid()
        + " command="
        + command.replace(' ', '_')
        + " since="
        + Instant.now()
        + " token="
        + UUID.randomUUID();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  /** Whether this process held the lock already when it was taken this time. */
  public boolean heldBefore() {
    synchronized (HELD) {
      return holds > 1;
    }
  }

  /** Whether the lock file is still this holder's (a takeover may have fenced it off). */
  private boolean owned() throws IOException {
    return content.equals(read(fs, file));
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
      fs.create(beatFile(file), true).close();
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
        fs.delete(beatFile(file), false);
        fs.delete(file, false);
      } else {
        LOG.warn("the lock {} is no longer this run's: left to its holder", file);
      }
    }
  }
}
