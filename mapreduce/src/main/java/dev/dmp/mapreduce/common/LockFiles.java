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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The files a {@link DayLock} is made of, on any Hadoop file system: generations of a lock ({@code
 * locks/WHAT.lock.N}) created exclusively, their heartbeats, the holder's line, and when a holder
 * of another host counts as dead (by the file system's clock, not this host's).
 */
final class LockFiles {

  private LockFiles() {}

  /** The lock of {@code what} as its generations are named: {@code locks/WHAT.lock}. */
  static Path key(Configuration conf, String what) {
    return new Path(new Path(DmpPaths.of(conf).base(), "locks"), what + ".lock");
  }

  static Path generation(Path key, long generation) {
    return generation == 0 ? key : key.suffix("." + generation);
  }

  static Path beatFile(Path lock) {
    return lock.suffix(".beat");
  }

  /** The generations of a lock that exist, by number. */
  static TreeMap<Long, Path> generations(FileSystem fs, Path key) throws IOException {
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

  static Map.Entry<Long, Path> newest(FileSystem fs, Path key) throws IOException {
    return generations(fs, key).lastEntry();
  }

  /** Removes the dead generations before {@code generation}, with their heartbeats. */
  static void removeBefore(FileSystem fs, Path key, long generation) throws IOException {
    for (Path dead : generations(fs, key).headMap(generation).values()) {
      fs.delete(beatFile(dead), false);
      fs.delete(dead, false);
    }
  }

  /** Creates {@code file} holding {@code content} if it does not exist; exclusive. */
  static boolean create(FileSystem fs, Path file, String content) throws IOException {
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

  static boolean isStale(Configuration conf, FileSystem fs, Path file) throws IOException {
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
  static long fileSystemNow(FileSystem fs, Path dir) throws IOException {
    Path probe = new Path(dir, ".now-" + UUID.randomUUID());
    try {
      fs.create(probe, false).close();
      return fs.getFileStatus(probe).getModificationTime();
    } finally {
      fs.delete(probe, false);
    }
  }

  static long staleSeconds(Configuration conf) {
    return conf.getLong(DayLock.STALE_SECONDS_KEY, DayLock.STALE_SECONDS);
  }

  static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (FileNotFoundException none) {
      return null;
    }
  }

  static String field(String holder, String name) {
    for (String part : holder.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  static String describe(String command) throws IOException {
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

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
