package dev.dmp.mapreduce.common;

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
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per day (or hour): a lock file under {@code locks/} on the platform's own file system,
 * so that it works wherever the datasets are (HDFS on a cluster, the local disk in embedded mode).
 * It is created exclusively and says who holds it: user, host, process, command and since when. The
 * holder refreshes its time every {@value #HEARTBEAT_SECONDS} seconds; a lock whose holder died is
 * taken over, at once when the holder was a process of this host that is gone, and otherwise once
 * its time is older than {@value #STALE_SECONDS} seconds ({@link #STALE_SECONDS_KEY}). A process
 * that holds a lock may take it again (a {@code dmp run} holds its day, and each stage takes it
 * too).
 */
public final class DayLock implements AutoCloseable {

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
  private final Path file;
  private final java.util.concurrent.ScheduledFuture<?> heartbeat;
  private int holds = 1;

  private DayLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
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
      Path file = file(conf, what);
      String holder = holder(file.getFileSystem(conf), file);
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

  /** Takes the lock of {@code what}, or returns null when a live run holds it. */
  public static DayLock tryAcquire(Configuration conf, String what, String command)
      throws IOException {
    Path file = file(conf, what);
    FileSystem fs = file.getFileSystem(conf);
    synchronized (HELD) {
      DayLock mine = HELD.get(file);
      if (mine != null) {
        mine.holds++;
        return mine;
      }
      StagedOutput.mkdirsOwnerOnly(fs, file.getParent());
      String me = describe(command);
      String died = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        if (create(fs, file, me)) {
          if (died != null) {
            LOG.warn("took over the lock of {} from a run that died: {}", what, died);
          }
          DayLock lock = new DayLock(fs, file);
          HELD.put(file, lock);
          return lock;
        }
        if (!isStale(conf, fs, file)) {
          return null;
        }
        died = holder(fs, file);
        // Only one of several contenders wins the rename of a dead lock; the others retry create.
        Path dead = file.suffix(".dead-" + UUID.randomUUID());
        try {
          if (fs.rename(file, dead)) {
            fs.delete(dead, false);
          }
        } catch (FileNotFoundException goneMeanwhile) {
          // taken over by another contender
        }
      }
      return null;
    }
  }

  /** Who holds the lock of {@code what} now, or null when no one does. */
  public static String holder(Configuration conf, String what) throws IOException {
    Path file = file(conf, what);
    return holder(file.getFileSystem(conf), file);
  }

  /** The lock file of {@code what}. */
  static Path file(Configuration conf, String what) {
    return new Path(new Path(DmpPaths.of(conf).base(), "locks"), what + ".lock");
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
    String holder = holder(fs, file);
    if (holder == null) {
      return true; // released meanwhile
    }
    String pid = field(holder, "pid");
    String host = field(holder, "host");
    if (host != null && host.equals(hostName()) && pid != null) {
      try {
        if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
          return false;
        }
        return true;
      } catch (NumberFormatException notOurs) {
        // fall through to the heartbeat
      }
    }
    try {
      long age = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
      return age > staleSeconds(conf) * 1000L;
    } catch (FileNotFoundException released) {
      return true;
    }
  }

  private static long staleSeconds(Configuration conf) {
    return conf.getLong(STALE_SECONDS_KEY, STALE_SECONDS);
  }

  private static String holder(FileSystem fs, Path file) throws IOException {
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
        + Instant.now();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  private void beat() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      // the next beat tries again; a lock gone stale is reported by the run that takes it over
    }
  }

  /** Releases one hold; the last one deletes the lock. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (--holds > 0) {
        return;
      }
      HELD.remove(file);
      heartbeat.cancel(false);
      fs.delete(file, false);
    }
  }
}
