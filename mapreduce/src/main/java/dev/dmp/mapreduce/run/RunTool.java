package dev.dmp.mapreduce.run;

import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.Staging;
import dev.dmp.mapreduce.gate.GateTool;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.serving.EmbeddedHBase;
import dev.dmp.mapreduce.stage.StageRunner;
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
    try (DayLock lock = DayLock.acquire(conf, Staging.lockName(date, -1), NAME)) {
      return runChain(cmd, conf, date, started);
    }
  }

  private int runChain(CommandLine cmd, Configuration conf, RunDate date, long started)
      throws Exception {
    // What the profile stage would refuse stops the chain before it republishes anything.
    ProfileJob profile = new ProfileJob(cmd.hasOption("full-profile"));
    profile.preflight(conf, date);
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
    stages.run(new CleanJob(), date);
    gate(conf, date, CleanJob.NAME);
    boolean load = EmbeddedHBase.isConfigured(conf);
    if (load) {
      EmbeddedHBase.startAhead(conf);
    }
    stages.run(new IdGraphJob(), date);
    stages.run(new AttributeJob(), date);
    stages.run(profile, date);
    stages.run(new ReportJob(), date);
    gate(conf, date, ReportJob.NAME);
    if (load) {
      stages.run(new LoadJob(), date);
    } else {
      out.println(
          "load      skipped: no HBase configured (no hbase-site.xml quorum, not embedded mode)");
    }

    out.printf("run %s: done in %.1f s%n", date, (System.nanoTime() - started) / 1e9);
    return OK;
  }

  private void gate(Configuration conf, RunDate date, String stage) throws Exception {
    GateTool.requirePass(
        conf, date, stage, "; the chain stopped, nothing after " + stage + " was run");
    out.println("gate      passed after " + stage);
  }
}
