package dev.dmp.mapreduce.run;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.Unload;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.Staging;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;

/**
 * {@code dmp rerun --from D [--to D]}: runs a day again and then every later day, in order, since
 * each builds on the one before (the identity graph, the profiles). For a day that was stopped or
 * missing and has since been put right (its late files ingested, the gate's cause fixed): the days
 * after it ran across the gap, and rerunning them gives what an undisturbed run would have. The
 * later days are those with raw data or a published dataset, up to {@code --to}. Where there is an
 * HBase, the days are first taken out of it ({@link Unload}), so that loading them again leaves
 * every cell as an undisturbed run would have. A day that fails again does not stop the days after
 * it, as in the daily schedule; the command then exits 1 naming it.
 */
public class RerunTool extends DmpTool {

  public static final String NAME = "rerun";

  /** The datasets whose days count as run (or to run). */
  private static final List<String> DAY_DATASETS =
      List.of("raw", "clean", "graph", "attributed", "profiles", "reports");

  public static void main(String[] args) throws Exception {
    main(new RerunTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--from YYYY-MM-DD [--to YYYY-MM-DD]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("from").hasArg().desc("first day to run").build())
        .addOption(
            Option.builder().longOpt("to").hasArg().desc("last day (default: the newest)").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    HBaseConnections.requireConfigured(getConf());
    RunDate from = RunDate.parse(required(cmd, "from"));
    RunDate to = cmd.hasOption("to") ? RunDate.parse(cmd.getOptionValue("to")) : null;
    if (to != null && to.day().isBefore(from.day())) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
    List<RunDate> days = days(getConf(), from, to);
    if (days.isEmpty()) {
      throw new DmpException("nothing to rerun: no raw data or dataset on or after " + from);
    }
    out.printf(
        "rerun of %d day(s): %s .. %s%n", days.size(), days.get(0), days.get(days.size() - 1));
    // Every day it runs again, in date order, before anything is unloaded: a run, an hour or an
    // erasure of one of them in progress stops the rerun here (the runs below take them again).
    List<DayLock> locks = new ArrayList<>();
    try {
      for (RunDate day : days) {
        locks.add(DayLock.acquire(getConf(), Staging.lockName(day, -1), NAME));
      }
      return rerun(days, from, to);
    } finally {
      for (DayLock lock : locks) {
        lock.close();
      }
    }
  }

  private int rerun(List<RunDate> days, RunDate from, RunDate to) throws Exception {
    if (HBaseConnections.enabled(getConf())) {
      if (to != null) {
        throw new UsageException(
            "with an HBase, a rerun goes on to the newest day (the tables hold its snapshot):"
                + " leave out --to");
      }
      try (Connection c = HBaseConnections.connect(getConf())) {
        long cells = Unload.since(c, from.day());
        out.printf(
            "unloaded %s and later from HBase: %,d cells, compacted away so that the days load"
                + " again as new%n",
            from, cells);
      }
    }
    List<String> failed = new ArrayList<>();
    for (RunDate day : days) {
      RunTool run = new RunTool();
      run.setConf(new Configuration(getConf()));
      run.redirect(out, err);
      if (run.run(new String[] {"--date", day.toString()}) != OK) {
        failed.add(day.toString());
      }
    }
    if (!failed.isEmpty()) {
      throw new DmpException(
          "rerun of "
              + days.size()
              + " day(s) done, but "
              + String.join(", ", failed)
              + " failed again (see above): put it right and rerun --from "
              + failed.get(0));
    }
    out.printf("rerun done: %d day(s)%n", days.size());
    return OK;
  }

  /** The days from {@code from} (itself always) to {@code to} or the newest that has data. */
  static List<RunDate> days(Configuration conf, RunDate from, RunDate to)
      throws IOException, UsageException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    TreeSet<String> days = new TreeSet<>();
    days.add(from.toString());
    for (String dataset : DAY_DATASETS) {
      FileStatus[] entries;
      try {
        entries = fs.listStatus(new Path(paths.base(), dataset));
      } catch (FileNotFoundException none) {
        continue;
      }
      for (FileStatus s : entries) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.matches("dt=\\d{4}-\\d{2}-\\d{2}")) {
          String day = name.substring(3);
          if (day.compareTo(from.toString()) >= 0
              && (to == null || day.compareTo(to.toString()) <= 0)) {
            days.add(day);
          }
        }
      }
    }
    List<RunDate> out = new ArrayList<>();
    for (String d : days) {
      out.add(RunDate.parse(d));
    }
    return out;
  }
}
