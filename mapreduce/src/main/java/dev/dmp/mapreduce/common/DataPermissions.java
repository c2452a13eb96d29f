package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Who may read the platform's data. The base directory and every dataset are {@code rwxr-x---}: the
 * service user writes, the group named by {@value #GROUP} (the analysts) reads, nobody else enters.
 * The datasets that may hold PII in the clear — raw, rejects, exports, the suppression and erasure
 * records — are the owner's alone ({@link StagedOutput#OWNER_ONLY}). New files are created with the
 * umask {@value #CLUSTER_UMASK} unless the cluster sets one (embedded mode: {@code scripts/dmp}
 * sets {@code 077}, and {@code DMP_HOME} is {@code 0700}).
 */
public final class DataPermissions {

  /** The group that may read the datasets; unset keeps the base directory's group. */
  public static final String GROUP = "dmp.data.group";

  /** Permission of the base directory and of every dataset that holds no PII in the clear. */
  public static final FsPermission DATASET = new FsPermission((short) 0750);

  static final String UMASK = "fs.permissions.umask-mode";
  static final String CLUSTER_UMASK = "027";

  private DataPermissions() {}

  /**
   * Sets the umask {@value #CLUSTER_UMASK} for everything the command and its jobs create, unless a
   * site file or {@code -D} set one.
   */
  public static void defaults(Configuration conf) {
    String[] sources = conf.getPropertySources(UMASK);
    if (sources == null || Arrays.stream(sources).allMatch(s -> s.equals("core-default.xml"))) {
      conf.set(UMASK, CLUSTER_UMASK);
    }
  }

  /** Creates the base directory if needed and gives it its permission and group. */
  public static void prepareBase(FileSystem fs, DmpPaths paths, Configuration conf)
      throws IOException {
    Path base = paths.base();
    if (!fs.exists(base) && !fs.mkdirs(base)) {
      throw new IOException("cannot create the base directory " + base);
    }
    restrict(fs, base, DATASET, conf);
  }

  /** Gives a published dataset directory its permission and the configured group. */
  public static void restrict(FileSystem fs, Path dir, FsPermission permission, Configuration conf)
      throws IOException {
    FileStatus status = fs.getFileStatus(dir);
    if (!status.getPermission().equals(permission)) {
      fs.setPermission(dir, permission);
    }
    String group = conf.getTrimmed(GROUP, "");
    if (!group.isEmpty() && !group.equals(status.getGroup())) {
      fs.setOwner(dir, null, group);
    }
  }
}
