package dev.dmp.mapreduce.audience;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One segment's audience for one destination on one day, as a MapReduce job: the members'
 * exportable identifiers from the day's profiles, against the destination's previous export of the
 * segment and everyone suppressed. It writes {@code exports/segment=NAME/dt=D/destination=DEST/}
 * with {@code full/}, {@code added/} and {@code removed/}, one {@code TYPE.csv} each (one
 * identifier per line, after the destination's header), readable by the platform's user only.
 *
 * <p>An identifier of a suppressed person (on the suppression list, or in a component the day's
 * graph suppresses) is in no file: not in the full list, and not among the removed, even when the
 * previous export held it.
 */
public final class AudienceExport {

  /** Counter group of what was written: {@code full/email}, {@code added/gaid}, ... */
  public static final String WRITTEN = "dmp.export.written";

  /** Number of reduce tasks; by default from the size of the day's profiles. */
  public static final String REDUCE_TASKS = "dmp.export.reduce.tasks";

  static final String SEGMENT = "dmp.export.segment";
  static final String TYPES = "dmp.export.types";

  /** The three lists of an export. */
  public static final List<String> KINDS = List.of("full", "added", "removed");

  static final byte MEMBER = 'N';
  static final byte PREVIOUS = 'O';
  static final byte SUPPRESSED = 'S';

  /** What the job counted besides the files. */
  public enum Counter {
    /** Profiles of the day in the segment. */
    MEMBERS,
    /** Members with none of the destination's identifier types: nothing of them can be sent. */
    MEMBERS_WITHOUT_IDENTIFIER,
    /** Identifiers left out of every file because their person is suppressed. */
    SUPPRESSED
  }

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AudienceExport() {}

  /** Whether {@code value} is an identifier of {@code type} as the files hold it (not a header). */
  static boolean isValue(String type, String value) {
    return switch (type) {
      case "email", "phone" -> HEX64.matcher(value).matches();
      default -> UUID.matcher(value).matches();
    };
  }

  /** Where the exports of a segment to a destination on a day are. */
  public static Path target(DmpPaths paths, String segment, RunDate date, String destination) {
    return new Path(
        new Path(new Path(exportsRoot(paths), "segment=" + segment), date.partition()),
        "destination=" + destination);
  }

  /**
   * The identifiers an erasure took out of the destination's full export of {@code after}: the next
   * export against it lists them as removed, so that the destination drops them too ({@code
   * exports/segment=S/_erased/destination=D/after=YYYY-MM-DD/TYPE-*.csv}, owner-only).
   */
  public static Path erased(DmpPaths paths, String segment, String destination, String after) {
    return new Path(
        new Path(
            new Path(new Path(exportsRoot(paths), "segment=" + segment), "_erased"),
            "destination=" + destination),
        "after=" + after);
  }

  /** Every export: {@code exports/}. */
  public static Path exportsRoot(DmpPaths paths) {
    return new Path(paths.base(), "exports");
  }

  /**
   * The destination's latest export of the segment before {@code date}, or null: what the delta is
   * taken against.
   */
  static RunDate previous(FileSystem fs, DmpPaths paths, String segment, RunDate date, String dest)
      throws IOException {
    Path root = new Path(exportsRoot(paths), "segment=" + segment);
    if (!fs.exists(root)) {
      return null;
    }
    RunDate best = null;
    for (FileStatus day : fs.listStatus(root)) {
      String name = day.getPath().getName();
      if (!name.startsWith("dt=")) {
        continue;
      }
      RunDate d;
      try {
        d = RunDate.parse(name.substring(3));
      } catch (dev.dmp.core.UsageException notADay) {
        continue;
      }
      if (d.day().isBefore(date.day())
          && fs.exists(new Path(target(paths, segment, d, dest), "full"))
          && (best == null || d.day().isAfter(best.day()))) {
        best = d;
      }
    }
    return best;
  }

  /**
   * The identifiers of a type that erasures took out of the previous export (people who asked to be
   * forgotten since): its {@code removed} list names them too. The same for every rerun of the
   * export, since they are kept by the previous export's day.
   */
  static java.util.Set<String> erased(
      FileSystem fs,
      DmpPaths paths,
      String segment,
      Destinations.Destination destination,
      RunDate previous,
      String type)
      throws IOException {
    Path dir = erased(paths, segment, destination.name(), previous.toString());
    if (!fs.exists(dir)) {
      return java.util.Set.of();
    }
    java.util.Set<String> lines = new java.util.TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.getPath().getName().startsWith(type + "-")) {
        try (java.io.BufferedReader in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          in.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
        }
      }
    }
    return lines;
  }

  /**
   * Writes one list's file: the destination's header, then the job's part files of the list and
   * type in order; returns the identifiers written.
   */
  static long assemble(
      FileSystem fs,
      Path parts,
      String kind,
      String type,
      Destinations.Destination destination,
      Path file,
      java.util.Set<String> extra)
      throws IOException {
    List<Path> inputs = new ArrayList<>();
    Path dir = new Path(parts, kind);
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().startsWith(type + "-r-")) {
          inputs.add(f.getPath());
        }
      }
    }
    inputs.sort(null);
    long lines = 0;
    try (OutputStream o = fs.create(file, true)) {
      if (destination.header()) {
        o.write((destination.column(type) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      byte[] buffer = new byte[64 * 1024];
      for (Path p : inputs) {
        try (InputStream in = fs.open(p)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            o.write(buffer, 0, n);
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
      for (String line : extra) {
        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        lines++;
      }
    }
    return lines;
  }
}
