package dev.dmp.mapreduce.retention;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.Staging;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp retention [--today D] [--dry-run]}: deletes the day partitions of the datasets that
 * hold PII in the clear, the rejects quarantine and the raw zone, once they are older than their
 * retention period (docs/product.md section 2). The daily workflow runs it; {@code --today} lets a
 * backfill apply the rule as of another day.
 */
public class RetentionTool extends DmpTool {

  public static final String NAME = "retention";

  /** Days a day's rejects are kept (its date counted from the run day). */
  public static final String REJECTS_DAYS = "dmp.retention.rejects.days";

  /** Days a day's raw zone is kept. */
  public static final String RAW_DAYS = "dmp.retention.raw.days";

  public static final int DEFAULT_DAYS = 14;

  public static void main(String[] args) throws Exception {
    main(new RetentionTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "[--today YYYY-MM-DD] [--dry-run]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("today")
                .hasArg()
                .desc("apply as of this day (default: today, UTC)")
                .build())
        .addOption(Option.builder().longOpt("dry-run").desc("list what would be deleted").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    LocalDate today =
        cmd.hasOption("today")
            ? RunDate.parse(cmd.getOptionValue("today")).day()
            : LocalDate.now(ZoneOffset.UTC);
    boolean dryRun = cmd.hasOption("dry-run");
    Configuration conf = getConf();
    DmpPaths paths = DmpPaths.of(conf);
    int rejectsDays = days(conf, REJECTS_DAYS);
    int rawDays = days(conf, RAW_DAYS);
    List<Path> expired = new ArrayList<>();
    expired.addAll(
        expired(conf, paths.rejects(new RunDate(today)).getParent(), today.minusDays(rejectsDays)));
    expired.addAll(expired(conf, paths.raw(), today.minusDays(rawDays)));
    PathGuard guard = PathGuard.of(conf);
    int deleted = 0;
    for (Path p : expired) {
      if (dryRun) {
        out.println("would delete " + p);
        continue;
      }
      // A day being written (a rerun of it, an erasure) keeps its partition until the next run.
      String day = p.getName();
      try (DayLock lock = DayLock.tryAcquire(conf, day, NAME)) {
        if (lock == null) {
          out.println("kept " + p + " for now: " + day.substring(3) + " is being written");
          continue;
        }
        if (!guard.delete(p, true)) {
          throw new IOException("cannot delete " + p);
        }
      }
      deleted++;
      out.println("deleted " + p);
    }
    if (!dryRun) {
      for (Path p : Staging.removeDead(conf)) {
        out.println("deleted " + p + " (left by a run that did not finish)");
      }
    }
    out.printf(
        "%s %d partition(s) older than the retention (rejects %d days, raw %d days, as of %s)%n",
        dryRun ? "would delete" : "deleted",
        dryRun ? expired.size() : deleted,
        rejectsDays,
        rawDays,
        today);
    return OK;
  }

  /** Days to keep; {@link dev.dmp.mapreduce.common.Settings} has checked it is at least one. */
  private static int days(Configuration conf, String key) {
    return conf.getInt(key, DEFAULT_DAYS);
  }

  /** The {@code dt=} partitions below {@code dataset} dated before {@code keepFrom}. */
  static List<Path> expired(Configuration conf, Path dataset, LocalDate keepFrom)
      throws IOException {
    FileSystem fs = dataset.getFileSystem(conf);
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dataset)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dataset)) {
      String name = s.getPath().getName();
      if (!s.isDirectory() || !name.startsWith("dt=")) {
        continue;
      }
      try {
        if (LocalDate.parse(name.substring(3)).isBefore(keepFrom)) {
          out.add(s.getPath());
        }
      } catch (DateTimeParseException e) {
        // not a day partition of ours: left alone
      }
    }
    out.sort(null);
    return out;
  }
}
