package dev.dmp.mapreduce.common;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one way the platform deletes or renames: every path is qualified on its file system and must
 * lie strictly below the base directory ({@value DmpPaths#BASE_DIR}), which holds the datasets and
 * the working directory {@code tmp/}. Anything else — the base itself, its parent, a path that
 * climbs out with {@code ..}, another file system — is refused with an {@link IOException} naming
 * the path, before anything is touched. A bug or a hostile option can then at worst touch the
 * platform's own data, never the host's.
 */
public final class PathGuard {

  private final FileSystem fs;
  private final Path base;

  public PathGuard(FileSystem fs, Path base) {
    this.fs = fs;
    this.base = fs.makeQualified(base);
  }

  /** The guard of the configured base directory, on its file system. */
  public static PathGuard of(Configuration conf) throws IOException {
    Path base = DmpPaths.of(conf).base();
    return new PathGuard(base.getFileSystem(conf), base);
  }

  public FileSystem fs() {
    return fs;
  }

  /** {@code path}, qualified, if it lies strictly below the base; otherwise an exception. */
  public Path checked(Path path) throws IOException {
    Path p;
    try {
      p = fs.makeQualified(path);
    } catch (IllegalArgumentException otherFileSystem) {
      p = path;
    }
    String root = base.toUri().getPath();
    String own = p.toUri().getPath();
    boolean sameFs =
        java.util.Objects.equals(p.toUri().getScheme(), base.toUri().getScheme())
            && java.util.Objects.equals(p.toUri().getAuthority(), base.toUri().getAuthority());
    String prefix = root.endsWith("/") ? root : root + "/";
    if (!sameFs || !own.startsWith(prefix) || own.length() == prefix.length() || climbs(own)) {
      throw new IOException(
          "refusing to change "
              + path
              + ": it is not below the platform's base directory "
              + base
              + " ("
              + DmpPaths.BASE_DIR
              + ")");
    }
    return p;
  }

  private static boolean climbs(String path) {
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** Deletes {@code path} below the base; whether anything was deleted. */
  public boolean delete(Path path, boolean recursive) throws IOException {
    return fs.delete(checked(path), recursive);
  }

  /** Renames {@code from} to {@code to}, both below the base; whether it was renamed. */
  public boolean rename(Path from, Path to) throws IOException {
    return fs.rename(checked(from), checked(to));
  }
}
