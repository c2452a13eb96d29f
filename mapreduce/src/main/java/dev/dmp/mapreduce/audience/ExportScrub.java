package dev.dmp.mapreduce.audience;

import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Takes erased people out of every export already written (part of {@code dmp forget}), so that no
 * file of theirs is sent again, not even an old delta.
 */
public final class ExportScrub {

  /** Lines removed and files rewritten. */
  public record Result(long lines, long files) {}

  private ExportScrub() {}

  /**
   * Rewrites each export file that holds one of {@code identifiers} ({@code type:value}) without
   * it.
   */
  public static Result run(Configuration conf, Set<String> identifiers)
      throws IOException, dev.dmp.core.DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    Path root = AudienceExport.exportsRoot(paths);
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root)) {
      return new Result(0, 0);
    }
    PathGuard guard = new PathGuard(fs, paths.base());
    long lines = 0;
    long files = 0;
    RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(root, true);
    List<FileStatus> csv = new ArrayList<>();
    while (it.hasNext()) {
      FileStatus f = it.next();
      if (f.getPath().getName().endsWith(".csv") && !f.getPath().toString().contains("/_erased/")) {
        csv.add(f);
      }
    }
    for (FileStatus f : csv) {
      String name = f.getPath().getName();
      String type = name.substring(0, name.length() - ".csv".length());
      if (!holdsAny(fs, f.getPath(), type, identifiers)) {
        continue; // most files: read once, never written
      }
      try (DayLock lock = DayLock.acquire(conf, dayOf(f.getPath()), "forget")) {
        List<String> removed = scrub(fs, guard, f.getPath(), type, identifiers);
        lines += removed.size();
        if (f.getPath().getParent().getName().equals("full")) {
          keepForTheNextRemoved(fs, paths, f.getPath(), type, removed);
        }
      }
      files++;
    }
    return new Result(lines, files);
  }

  /** The {@code dt=} partition an export file belongs to: its day's lock guards it. */
  private static String dayOf(Path file) throws IOException {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (p.getName().startsWith("dt=")) {
        return p.getName();
      }
    }
    throw new IOException("not in a day's partition: " + file);
  }

  /**
   * Keeps what was taken out of a destination's full export for its next export's {@code removed}
   * list ({@link AudienceExport#erased}): the destination holds those people and must drop them.
   */
  private static void keepForTheNextRemoved(
      FileSystem fs, DmpPaths paths, Path fullFile, String type, List<String> removed)
      throws IOException {
    Path target = fullFile.getParent().getParent(); // .../dt=D/destination=X
    Path day = target.getParent();
    Path segment = day.getParent();
    Path dir =
        AudienceExport.erased(
            paths,
            segment.getName().substring("segment=".length()),
            target.getName().substring("destination=".length()),
            day.getName().substring("dt=".length()));
    StagedOutput.mkdirsOwnerOnly(fs, dir);
    Path file = new Path(dir, type + "-" + java.util.UUID.randomUUID() + ".csv");
    try (Writer w = new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8)) {
      for (String line : removed) {
        w.write(line + "\n");
      }
    }
  }

  /** Rewrites one export file without the identifiers; returns the lines it removed. */
  private static List<String> scrub(
      FileSystem fs, PathGuard guard, Path file, String type, Set<String> identifiers)
      throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".scrub");
    List<String> removed = new ArrayList<>();
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8));
        Writer kept =
            new BufferedWriter(
                new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (identifiers.contains(type + ":" + line.strip())) {
          removed.add(line.strip());
        } else {
          kept.write(line);
          kept.write('\n');
        }
      }
    }
    if (!guard.delete(file, false) || !guard.rename(tmp, file)) {
      throw new IOException("cannot replace " + file + " with " + tmp);
    }
    return removed;
  }

  private static boolean holdsAny(FileSystem fs, Path file, String type, Set<String> identifiers)
      throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (identifiers.contains(type + ":" + line.strip())) {
          return true;
        }
      }
    }
    return false;
  }
}
