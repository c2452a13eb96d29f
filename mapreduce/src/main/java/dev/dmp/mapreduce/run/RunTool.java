package dev.dmp.mapreduce.run;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.Staging;
import dev.dmp.mapreduce.gate.GateTool;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.monitor.Dashboard;
import dev.dmp.mapreduce.monitor.DashboardTool;
import dev.dmp.mapreduce.monitor.Monitor;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileRules;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.stage.Stage;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code dmp run --date D [--full-profile] [INPUT...]}: the daily chain, stage by stage: ingest of
 * the INPUT files or directories if any are given, clean, the quality gate, idgraph, attribute,
 * profile, report, the gate again, and the bulk load into HBase (where one is configured). Each
 * stage publishes its day atomically, and a rerun replaces it. A failing gate stops the chain with
 * its reasons, and nothing after it runs for the day.
 */
public class RunTool extends DmpTool {

  public static final String NAME = "run";

  public static void main(String[] args) throws Exception {
    main(new RunTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--full-profile] [INPUT...]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day").build())
        .addOption(
            Option.builder()
                .longOpt("full-profile")
                .desc("recompute profiles from all days")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    Configuration conf = getConf();
    long started = System.nanoTime();
    // The rules first: a hostile or broken rules file stops the run before it touches a file.
    ProfileRules.checkConfiguration(conf);
    Alerts.rules(conf);
    HBaseConnections.requireConfigured(conf);
    try (DayLock lock = DayLock.acquire(conf, Staging.lockName(date, -1), NAME)) {
      return runChain(cmd, conf, date, started);
    }
  }

  private int runChain(CommandLine cmd, Configuration conf, RunDate date, long started)
      throws Exception {
    // What the profile stage or the alert rules would refuse stops the chain before it
    // republishes anything.
    ProfileJob profile = new ProfileJob(cmd.hasOption("full-profile"));
    profile.preflight(conf, date);
    Alerts.rules(conf);
    if (!cmd.getArgList().isEmpty()) {
      List<String> ingest = new ArrayList<>(List.of("--date", date.toString()));
      ingest.addAll(cmd.getArgList());
      IngestTool tool = new IngestTool();
      tool.setConf(conf);
      tool.redirect(out, err);
      int status = tool.run(ingest.toArray(String[]::new));
      if (status != OK) {
        return status;
      }
    }

    StageRunner stages = new StageRunner(conf, out);
    Chain chain = new Chain(stages, date);
    try {
      chain.run(new CleanJob());
      chain.gate(CleanJob.NAME);
      boolean load = HBaseConnections.enabled(conf);
      if (load) {
        HBaseConnections.startAhead(conf);
      }
      chain.run(new IdGraphJob());
      chain.run(new AttributeJob());
      chain.run(profile);
      chain.run(new ReportJob());
      chain.gate(ReportJob.NAME);
      if (load) {
        chain.run(new LoadJob());
      } else {
        out.println("load      skipped: " + HBaseConnections.ENABLED + "=false");
      }
    } catch (GateStop e) {
      watch(conf, date);
      throw e.failure;
    } catch (Exception e) {
      try {
        out.println(Monitor.afterFailure(conf, date, chain.current, oneLine(e)));
      } catch (IOException watchFailed) {
        err.println("dmp run: the failure's alert could not be recorded: " + oneLine(watchFailed));
      }
      throw e;
    }
    watch(conf, date);
    out.printf("run %s: done in %.1f s%n", date, (System.nanoTime() - started) / 1e9);
    return OK;
  }

  /**
   * Alerts, metrics and the daily page of a day that ran or was stopped. A file system error here
   * is reported and does not undo the day.
   */
  private void watch(Configuration conf, RunDate date) throws UsageException, InterruptedException {
    try {
      out.println(Monitor.afterDay(conf, date));
      out.println(
          "dashboard "
              + date
              + ": "
              + Dashboard.write(
                  conf, date, conf.getInt(DashboardTool.DAYS, DashboardTool.DEFAULT_DAYS)));
    } catch (IOException e) {
      err.println("dmp run: the day's alerts or page could not be written: " + oneLine(e));
    }
  }

  /** The stages of one run, each remembered while it runs, for the alert of a failure. */
  private final class Chain {
    private final StageRunner stages;
    private final RunDate date;
    private String current = "run";

    Chain(StageRunner stages, RunDate date) {
      this.stages = stages;
      this.date = date;
    }

    void run(Stage<?> stage) throws Exception {
      current = stage.name();
      stages.run(stage, date);
    }

    void gate(String after) throws Exception {
      current = GateTool.NAME;
      List<String> failures = GateTool.check(getConf(), date, after);
      if (!failures.isEmpty()) {
        throw new GateStop(
            GateTool.stopped(
                date, after, failures, "; the chain stopped, nothing after " + after + " was run"));
      }
      out.println("gate      passed after " + after);
    }
  }

  /** A gate stopped the day: its alert comes from the rules, not as a failed stage. */
  private static final class GateStop extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient DmpException failure;

    GateStop(DmpException failure) {
      super(failure.getMessage());
      this.failure = failure;
    }
  }
}
