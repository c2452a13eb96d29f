package dev.dmp.mapreduce.common;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Publishes a finished job's output: a rerun replaces the previous output of the same partition,
 * and readers never see a half-written one (each partition appears by one rename).
 */
public final class StagedOutput {

  /** Owner-only permission of datasets that may hold PII in the clear (raw zone, rejects). */
  public static final FsPermission OWNER_ONLY = new FsPermission((short) 0700);

  private StagedOutput() {}

  /** Moves {@code staged} to {@code target}, replacing whatever was there. */
  public static void commit(PathGuard guard, Path staged, Path target) throws IOException {
    FileSystem fs = guard.fs();
    if (!fs.exists(staged)) {
      throw new IOException("staged output " + staged + " does not exist");
    }
    if (fs.exists(target) && !guard.delete(target, true)) {
      throw new IOException("cannot replace " + target);
    }
    if (!fs.mkdirs(target.getParent())) {
      throw new IOException("cannot create " + target.getParent());
    }
    if (!guard.rename(staged, target)) {
      throw new IOException("cannot move " + staged + " to " + target);
    }
  }

  /**
   * Moves the named output {@code staged} of a finished job to {@code target}, which must not
   * exist; a named output that received no records (so no directory was ever made) becomes an empty
   * dataset. Every step is checked: the local file system throws where HDFS's rename returns false,
   * and both end here in an {@link IOException} naming the paths.
   */
  public static void moveNamed(PathGuard guard, Path staged, Path target) throws IOException {
    FileSystem fs = guard.fs();
    if (!fs.exists(staged)) {
      if (!fs.mkdirs(target)) {
        throw new IOException("cannot create the empty dataset " + target);
      }
      return;
    }
    if (!fs.mkdirs(target.getParent())) {
      throw new IOException("cannot create " + target.getParent());
    }
    if (!guard.rename(staged, target)) {
      throw new IOException("cannot move " + staged + " to " + target);
    }
  }

  /** Creates {@code dir} (and parents) and makes it owner-only. */
  public static void mkdirsOwnerOnly(FileSystem fs, Path dir) throws IOException {
    fs.mkdirs(dir);
    fs.setPermission(dir, OWNER_ONLY);
  }
}
