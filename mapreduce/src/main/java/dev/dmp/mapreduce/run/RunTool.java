package dev.dmp.mapreduce.run;

import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.gate.GateTool;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code dmp run --date D [--full-profile]}: the daily chain after ingest, stage by stage: clean,
 * the quality gate, idgraph, attribute, profile, report, and the gate again. Each stage publishes
 * its day atomically, and a rerun replaces it. A failing gate stops the chain with its reasons, and
 * nothing after it runs for the day.
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
  protected String synopsis() {
    return "--date YYYY-MM-DD [--full-profile]";
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

    CleanReport clean = CleanJob.run(conf, date);
    out.printf(
        "clean     read %,d: clean %,d, rejected %,d, duplicate %,d, bot %,d, opted out %,d (%.1f s)%n",
        clean.read,
        clean.clean,
        clean.rejectedTotal,
        clean.duplicate,
        clean.bot,
        clean.optedOut,
        clean.seconds);
    gate(conf, date, "clean");

    Map<String, Object> graph = IdGraphJob.run(conf, date);
    out.printf(
        "idgraph   %,d identifiers, %,d people, %,d new OneIDs, %,d merged, %d rounds (%.1f s)%n",
        graph.get("nodes"),
        graph.get("components"),
        graph.get("new_oneids"),
        graph.get("merged_oneids"),
        graph.get("rounds"),
        graph.get("seconds"));

    Map<String, Object> attributed = AttributeJob.run(conf, date);
    out.printf(
        "attribute %,d attributed, %,d of suppressed people, %,d unattributed (%.1f s)%n",
        attributed.get("attributed"),
        attributed.get("suppressed"),
        attributed.get("unattributed"),
        attributed.get("seconds"));

    Map<String, Object> profiles = ProfileJob.run(conf, date, cmd.hasOption("full-profile"));
    out.printf(
        "profile   %,d profiles (%s), segments %s (%.1f s)%n",
        profiles.get("profiles"),
        profiles.get("mode"),
        profiles.get("segments"),
        profiles.get("seconds"));

    Map<String, Object> report = ReportJob.run(conf, date);
    out.printf(
        "report    %,d rows over %,d events (%.1f s)%n",
        report.get("rows"), report.get("events"), report.get("seconds"));
    gate(conf, date, "report");

    out.printf("run %s: done in %.1f s%n", date, (System.nanoTime() - started) / 1e9);
    return OK;
  }

  private void gate(Configuration conf, RunDate date, String stage) throws Exception {
    GateTool.requirePass(
        conf, date, stage, "; the chain stopped, nothing after " + stage + " was run");
    out.println("gate      passed after " + stage);
  }
}
